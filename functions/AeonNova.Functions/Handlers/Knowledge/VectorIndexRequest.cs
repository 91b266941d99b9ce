using System.Globalization;
using System.Text.Json.Nodes;

namespace AeonNova.Functions.Handlers.Knowledge;

/// <summary>The custom resource's properties (CloudFormation passes every value as a string).</summary>
public sealed record VectorIndexRequest(Uri CollectionEndpoint, string IndexName, int Dimensions, string VectorField, string TextField, string MetadataField)
{
    /// <summary>Reads ResourceProperties; the message names the property that is missing or malformed.</summary>
    public static VectorIndexRequest Parse(JsonNode? properties)
    {
        string Required(string name) =>
            properties?[name]?.ToString() is { Length: > 0 } value ? value : throw new FormatException($"ResourceProperties.{name} is missing");

        var endpoint = Required("CollectionEndpoint");
        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps)
        {
            throw new FormatException($"ResourceProperties.CollectionEndpoint '{endpoint}' is not an https URL");
        }

        var dimensionsText = Required("Dimensions");
        if (!int.TryParse(dimensionsText, NumberStyles.None, CultureInfo.InvariantCulture, out var dimensions) || dimensions is < 1 or > 16000)
        {
            throw new FormatException($"ResourceProperties.Dimensions '{dimensionsText}' is not a vector size between 1 and 16000");
        }

        var index = Required("IndexName");
        if (index.Any(c => !(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '_')))
        {
            throw new FormatException($"ResourceProperties.IndexName '{index}' may hold only lowercase letters, digits, '-' and '_'");
        }

        return new VectorIndexRequest(uri, index, dimensions, Required("VectorField"), Required("TextField"), Required("MetadataField"));
    }

    public Uri IndexUri => new(CollectionEndpoint, "/" + IndexName);

    /// <summary>The mapping Bedrock knowledge bases expect: FAISS HNSW vectors, a text field, an unindexed metadata field.</summary>
    public JsonObject IndexBody() => new()
    {
        ["settings"] = new JsonObject { ["index"] = new JsonObject { ["knn"] = true, ["knn.algo_param.ef_search"] = 512 } },
        ["mappings"] = new JsonObject
        {
            ["properties"] = new JsonObject
            {
                [VectorField] = new JsonObject
                {
                    ["type"] = "knn_vector",
                    ["dimension"] = Dimensions,
                    ["method"] = new JsonObject
                    {
                        ["name"] = "hnsw",
                        ["engine"] = "faiss",
                        ["space_type"] = "l2",
                        ["parameters"] = new JsonObject { ["ef_construction"] = 512, ["m"] = 16 },
                    },
                },
                [TextField] = new JsonObject { ["type"] = "text" },
                [MetadataField] = new JsonObject { ["type"] = "text", ["index"] = false },
            },
        },
    };
}
