using Amazon.CDK;

// Placeholder until the AWS deployment issue lands: an empty app that synthesizes.
var app = new App();
app.Synth();
