using System.Text.Json;
using AeonNova.Approvals.Email;
using AeonNova.Approvals.Json;
using AeonNova.Approvals.Links;
using AeonNova.Approvals.Policy;
using AeonNova.Core.Planning;

namespace AeonNova.Approvals;

/// <summary>
/// The approval use cases: create, register the task token, view, decide, escalate, cancel, expire.
/// Every state change is a conditional write against <see cref="IApprovalStore"/>; the task token is only
/// ever read from the record and handed to <see cref="ITaskTokenCallback"/>.
/// </summary>
public sealed class ApprovalService
{
    private readonly IApprovalStore _store;
    private readonly ITaskTokenCallback _callback;
    private readonly ApprovalPolicy _policy;
    private readonly ApprovalServiceOptions _options;
    private readonly TimeProvider _time;
    private readonly IRandomSource _random;

    public ApprovalService(
        IApprovalStore store,
        ITaskTokenCallback callback,
        ApprovalPolicy policy,
        ApprovalServiceOptions options,
        TimeProvider time,
        IRandomSource random)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(callback);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(random);
        _store = store;
        _callback = callback;
        _policy = policy;
        _options = options with { BaseUrl = options.BaseUrl.TrimEnd('/') };
        _time = time;
        _random = random;
    }

    public ApprovalPolicy Policy => _policy;

    /// <summary>Public base URL of the approval pages (links point here; deciding POSTs must come from its origin).</summary>
    public string BaseUrl => _options.BaseUrl;

    /// <summary>Creates a pending approval (no task token yet) with one link per first-tier approver.</summary>
    public async Task<PreparedApproval> CreateAsync(CreateApprovalRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var severity = request.Alert.Severity;
        var environment = request.Alert.Environment;
        var (tier, approvers) = FirstTierWithApprovers(severity, environment, 0);
        if (approvers.Count == 0)
        {
            throw new ApprovalPolicyException(
                $"approval policy: nobody may approve severity '{ApprovalPolicy.SeverityKey(severity)}' in environment '{environment}'");
        }
        await SupersedeUnpublishedAsync(request, cancellationToken).ConfigureAwait(false);
        var now = _time.GetUtcNow();
        var id = LinkTokens.NewApprovalId(_random);
        var (links, issued) = IssueLinks(id, approvers, tier);
        var record = new ApprovalRecord
        {
            Id = id,
            ExecutionId = request.ExecutionId,
            Alert = request.Alert,
            Plan = request.Plan,
            // Hash computed here from the bodies we store, never taken from the caller: it covers script and rollback.
            ScriptSha256 = PlanDigest.ApprovalSha256(request.Plan),
            Safety = request.Safety,
            Tier = tier,
            TierName = TierName(severity, tier),
            Links = links,
            CreatedAt = now,
            ExpiresAt = now + _policy.ResponseTime(severity),
            Status = ApprovalStatus.Pending,
            Version = 0,
        };
        if (!await _store.TryCreateAsync(record, cancellationToken).ConfigureAwait(false))
        {
            throw new InvalidOperationException($"approval id collision for '{id}'");
        }
        await AuditAsync(record.Id, "created", "system", ClientInfo.Unknown, $"tier {record.TierName}", cancellationToken).ConfigureAwait(false);
        return Prepare(record, issued);
    }

    /// <summary>Stores the WaitForApproval task token (from SNS MessageAttributes or the local sns binding).</summary>
    /// <summary>
    /// A retried PrepareApproval (its first response was lost) would leave the first approval pending forever: its
    /// links were never published and no task token waits on it. Cancel such leftovers of the same execution.
    /// </summary>
    private async Task SupersedeUnpublishedAsync(CreateApprovalRequest request, CancellationToken cancellationToken)
    {
        foreach (var openId in await _store.FindOpenByFingerprintAsync(request.Alert.Fingerprint, cancellationToken).ConfigureAwait(false))
        {
            var open = await _store.GetAsync(openId, cancellationToken).ConfigureAwait(false);
            if (open is { Status: ApprovalStatus.Pending, TaskToken: null } && string.Equals(open.ExecutionId, request.ExecutionId, StringComparison.Ordinal))
            {
                await CancelAsync(openId, "superseded: PrepareApproval ran again for this execution before the approval was published", cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public async Task<TokenRegistration> RegisterTaskTokenAsync(string approvalId, string taskToken, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(taskToken);
        for (var attempt = 0; attempt < _options.MaxWriteAttempts; attempt++)
        {
            var record = await _store.GetAsync(approvalId, cancellationToken).ConfigureAwait(false);
            if (record is null)
            {
                return TokenRegistration.NotFound;
            }
            if (record.Status == ApprovalStatus.Cancelled)
            {
                // Cancelled before the workflow started waiting: release it right away.
                await _callback.SendTaskSuccessAsync(taskToken, Output(record, record.Decision!), cancellationToken).ConfigureAwait(false);
                return TokenRegistration.CompletedAsCancelled;
            }
            if (!record.Status.IsOpen())
            {
                return TokenRegistration.Closed;
            }
            if (record.Status == ApprovalStatus.Pending && record.TaskToken == taskToken)
            {
                return TokenRegistration.AlreadyRegistered;
            }
            var updated = record with { TaskToken = taskToken, Status = ApprovalStatus.Pending };
            if (await _store.TryReplaceAsync(updated, record.Status, record.Version, cancellationToken).ConfigureAwait(false))
            {
                await AuditAsync(approvalId, "registered", "system", ClientInfo.Unknown, $"tier {record.TierName}", cancellationToken).ConfigureAwait(false);
                return TokenRegistration.Registered;
            }
        }
        throw new InvalidOperationException($"approval '{approvalId}': could not register the task token after {_options.MaxWriteAttempts} attempts");
    }

    /// <summary>GET/HEAD: never changes the approval; the view is audited.</summary>
    public async Task<ApprovalResult> ViewAsync(string approvalId, string? token, ClientInfo client, bool head, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var (record, link) = await FindLinkAsync(approvalId, token, client, head ? "head" : "view", cancellationToken).ConfigureAwait(false);
        if (record is null || link is null)
        {
            return ApprovalResult.Invalid;
        }
        await AuditAsync(approvalId, head ? "head" : "view", link.Approver.Email, client, "", cancellationToken).ConfigureAwait(false);
        var closed = ClosedOutcome(record, link);
        return new ApprovalResult(closed ?? ApprovalOutcome.Confirm, record, link.Approver);
    }

    /// <summary>POST: decides once, for the exact script shown, by an approver the current policy allows.</summary>
    public async Task<ApprovalResult> DecideAsync(string approvalId, DecisionRequest request, ClientInfo client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(client);
        if (request.Decision is not (DecisionOutcome.Approved or DecisionOutcome.Rejected))
        {
            throw new ArgumentException("a person can only approve or reject", nameof(request));
        }
        var (record, link) = await FindLinkAsync(approvalId, request.Token, client, "denied", cancellationToken).ConfigureAwait(false);
        if (record is null || link is null)
        {
            return ApprovalResult.Invalid;
        }
        return await DecideOnceAsync(record, link, link.Approver, request.Decision, request.ScriptSha256, request.Comment, via: "", client, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// A decision from a chat app (Slack, Teams) whose request the caller has already verified as signed by that
    /// platform and whose user it has mapped to <see cref="ChatDecisionRequest.ApproverEmail"/>. The same rules as the
    /// page apply: the person must be in the current policy (<see cref="ApprovalOutcome.UnknownApprover"/>), an
    /// approver of the current tier (<see cref="ApprovalOutcome.NotInTier"/>) whose role may approve this severity
    /// in this environment (<see cref="ApprovalOutcome.NotAllowed"/>), for the exact script hash shown, once, before expiry.
    /// </summary>
    public async Task<ApprovalResult> DecideFromChatAsync(string approvalId, ChatDecisionRequest request, ClientInfo client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrEmpty(request.Via);
        if (request.Decision is not (DecisionOutcome.Approved or DecisionOutcome.Rejected))
        {
            throw new ArgumentException("a person can only approve or reject", nameof(request));
        }
        if (!LinkTokens.IsWellFormedApprovalId(approvalId))
        {
            return ApprovalResult.Invalid;
        }
        var record = await _store.GetAsync(approvalId, cancellationToken).ConfigureAwait(false);
        if (record is null)
        {
            return ApprovalResult.Invalid;
        }
        var actor = $"{request.Via.ToLowerInvariant()}:{request.ChatUserId}";
        var person = request.ApproverEmail is { Length: > 0 } email
            ? _policy.People.FirstOrDefault(p => string.Equals(p.Email, email, StringComparison.OrdinalIgnoreCase))
            : null;
        if (person is null)
        {
            await AuditAsync(approvalId, "denied", actor, client, "chat user is not a person of the approval policy", cancellationToken).ConfigureAwait(false);
            return new ApprovalResult(ApprovalOutcome.UnknownApprover, record);
        }
        var approver = new Approver { Name = person.Name, Email = person.Email, Role = person.Role };
        return await DecideOnceAsync(record, link: null, approver, request.Decision, request.ScriptSha256, request.Comment, request.Via, client, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The one place a person's decision is judged and written: closed/expired/superseded, script hash, role, tier,
    /// task token ready; then one conditional write. <paramref name="link"/> is the page link used (null for chat).
    /// </summary>
    private async Task<ApprovalResult> DecideOnceAsync(
        ApprovalRecord record, ApprovalLink? link, Approver approver, DecisionOutcome outcomeWanted, string scriptSha256, string comment, string via,
        ClientInfo client, CancellationToken cancellationToken)
    {
        var approvalId = record.Id;
        for (var attempt = 0; attempt < _options.MaxWriteAttempts; attempt++)
        {
            var refusal = ClosedOutcome(record, link) ?? Refusal(record, approver, scriptSha256, checkTier: link is null);
            if (refusal is { } outcome)
            {
                await AuditAsync(approvalId, "denied", approver.Email, client, via.Length > 0 ? $"{outcome} via {via}" : outcome.ToString(), cancellationToken).ConfigureAwait(false);
                return new ApprovalResult(outcome, record, approver);
            }
            if (!string.Equals(PlanDigest.ApprovalSha256(record.Plan), record.ScriptSha256, StringComparison.Ordinal))
            {
                // The stored record no longer matches its own hash: an internal fault, never a human decision.
                await _callback.SendTaskFailureAsync(record.TaskToken!, "ApprovalIntegrityError",
                    $"approval {approvalId}: stored script does not match its recorded hash", cancellationToken).ConfigureAwait(false);
                throw new InvalidOperationException($"approval '{approvalId}': stored script does not match its recorded hash");
            }
            var now = _time.GetUtcNow();
            var decision = new ApprovalDecision
            {
                Outcome = outcomeWanted,
                By = approver.Name,
                ByEmail = approver.Email,
                Comment = Truncate(comment.Trim(), _options.MaxCommentLength),
                At = now,
                Ip = client.Ip,
                UserAgent = client.UserAgent,
                Via = via,
            };
            var updated = record with
            {
                Status = outcomeWanted == DecisionOutcome.Approved ? ApprovalStatus.Approved : ApprovalStatus.Rejected,
                Decision = decision,
                Links = link is null ? record.Links : [.. record.Links.Select(l => ReferenceEquals(l, link) ? l with { UsedAt = now } : l)],
            };
            if (await _store.TryReplaceAsync(updated, ApprovalStatus.Pending, record.Version, cancellationToken).ConfigureAwait(false))
            {
                await AuditAsync(approvalId, "decision", approver.Email, client, via.Length > 0 ? $"{decision.Outcome.ToWire()} via {via}" : decision.Outcome.ToWire(), cancellationToken).ConfigureAwait(false);
                try
                {
                    await _callback.SendTaskSuccessAsync(record.TaskToken!, Output(updated, decision), cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    await AuditAsync(approvalId, "callback-failed", "system", ClientInfo.Unknown, ex.GetType().Name, cancellationToken).ConfigureAwait(false);
                    return new ApprovalResult(ApprovalOutcome.CallbackFailed, updated, approver);
                }
                return new ApprovalResult(ApprovalOutcome.Decided, updated, approver);
            }
            // Lost a race: re-read and judge again (usually "already decided by X at T").
            var fresh = await _store.GetAsync(approvalId, cancellationToken).ConfigureAwait(false);
            if (fresh is null)
            {
                return ApprovalResult.Invalid;
            }
            record = fresh;
            if (link is not null)
            {
                link = record.Links.FirstOrDefault(l => l.TokenHash == link.TokenHash) ?? link;
            }
        }
        throw new InvalidOperationException($"approval '{approvalId}': could not record the decision after {_options.MaxWriteAttempts} attempts");
    }

    /// <summary>
    /// WaitForApproval timed out: invalidate this tier's links and issue the next tier's; after the last tier
    /// the approval expires as "not approved".
    /// </summary>
    public Task<EscalationResult> EscalateAsync(string approvalId, CancellationToken cancellationToken) =>
        EscalateAsync(approvalId, fromTier: null, cancellationToken);

    /// <summary>
    /// Escalates from <paramref name="fromTier"/> (the tier whose wait timed out) to the next tier with approvers.
    /// A repeated call for the same tier (a Lambda retry after a lost response) does not escalate twice: the approval
    /// is already past that tier, so the current tier's links are issued again (the earlier ones were never sent)
    /// and the tier stays.
    /// </summary>
    public async Task<EscalationResult> EscalateAsync(string approvalId, int? fromTier, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < _options.MaxWriteAttempts; attempt++)
        {
            var record = await _store.GetAsync(approvalId, cancellationToken).ConfigureAwait(false)
                ?? throw new ApprovalNotFoundException(approvalId);
            if (!record.Status.IsOpen())
            {
                return new EscalationResult { ApprovalId = approvalId, Expired = record.Status != ApprovalStatus.Approved, Status = record.Status };
            }
            if (fromTier is { } from && record.Tier > from && record.TaskToken is null)
            {
                var (again, reissued) = IssueLinks(approvalId, _policy.ApproversFor(record.Alert.Severity, record.Alert.Environment, record.Tier), record.Tier);
                var repeated = record with { Links = [.. Retired(record), .. again] };
                if (await _store.TryReplaceAsync(repeated, record.Status, record.Version, cancellationToken).ConfigureAwait(false))
                {
                    await AuditAsync(approvalId, "escalation-repeated", "system", ClientInfo.Unknown, $"already at {record.TierName}; links issued again", cancellationToken).ConfigureAwait(false);
                    return new EscalationResult { ApprovalId = approvalId, Expired = false, Status = record.Status, Next = Prepare(repeated, reissued) };
                }
                continue;
            }
            var severity = record.Alert.Severity;
            var (tier, approvers) = FirstTierWithApprovers(severity, record.Alert.Environment, record.Tier + 1);
            var now = _time.GetUtcNow();
            var retired = Retired(record);
            if (approvers.Count == 0)
            {
                var expired = record with
                {
                    Status = ApprovalStatus.Expired,
                    TaskToken = null,
                    Links = retired,
                    Decision = new ApprovalDecision { Outcome = DecisionOutcome.Expired, By = "system", At = now, Comment = "no response from any tier" },
                };
                if (await _store.TryReplaceAsync(expired, record.Status, record.Version, cancellationToken).ConfigureAwait(false))
                {
                    await AuditAsync(approvalId, "expired", "system", ClientInfo.Unknown, $"after tier {record.TierName}", cancellationToken).ConfigureAwait(false);
                    return new EscalationResult { ApprovalId = approvalId, Expired = true, Status = ApprovalStatus.Expired };
                }
                continue;
            }
            var (links, issued) = IssueLinks(approvalId, approvers, tier);
            var escalated = record with
            {
                Status = ApprovalStatus.Escalated,
                // The old WaitForApproval's token died with its timeout; the next one registers a fresh token.
                TaskToken = null,
                Tier = tier,
                TierName = TierName(severity, tier),
                Links = [.. retired, .. links],
                ExpiresAt = now + _policy.ResponseTime(severity),
            };
            if (await _store.TryReplaceAsync(escalated, record.Status, record.Version, cancellationToken).ConfigureAwait(false))
            {
                await AuditAsync(approvalId, "escalated", "system", ClientInfo.Unknown, $"{record.TierName} -> {escalated.TierName}", cancellationToken).ConfigureAwait(false);
                return new EscalationResult { ApprovalId = approvalId, Expired = false, Status = ApprovalStatus.Escalated, Next = Prepare(escalated, issued) };
            }
        }
        throw new InvalidOperationException($"approval '{approvalId}': could not escalate after {_options.MaxWriteAttempts} attempts");
    }

    /// <summary>The alert resolved while waiting: cancel and release the workflow with decision "cancelled".</summary>
    public async Task<bool> CancelAsync(string approvalId, string reason, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < _options.MaxWriteAttempts; attempt++)
        {
            var record = await _store.GetAsync(approvalId, cancellationToken).ConfigureAwait(false);
            if (record is null || !record.Status.IsOpen())
            {
                return false;
            }
            var decision = new ApprovalDecision { Outcome = DecisionOutcome.Cancelled, By = "system", At = _time.GetUtcNow(), Comment = reason };
            var cancelled = record with
            {
                Status = ApprovalStatus.Cancelled,
                Decision = decision,
                Links = Retired(record),
            };
            if (await _store.TryReplaceAsync(cancelled, record.Status, record.Version, cancellationToken).ConfigureAwait(false))
            {
                await AuditAsync(approvalId, "cancelled", "system", ClientInfo.Unknown, reason, cancellationToken).ConfigureAwait(false);
                if (record.TaskToken is { } token)
                {
                    await _callback.SendTaskSuccessAsync(token, Output(cancelled, decision), cancellationToken).ConfigureAwait(false);
                }
                return true;
            }
        }
        throw new InvalidOperationException($"approval '{approvalId}': could not cancel after {_options.MaxWriteAttempts} attempts");
    }

    /// <summary>Cancels every open approval of a resolved alert; returns how many were cancelled.</summary>
    public async Task<int> CancelByFingerprintAsync(string fingerprint, string reason, CancellationToken cancellationToken)
    {
        var count = 0;
        foreach (var id in await _store.FindOpenByFingerprintAsync(fingerprint, cancellationToken).ConfigureAwait(false))
        {
            if (await CancelAsync(id, reason, cancellationToken).ConfigureAwait(false))
            {
                count++;
            }
        }
        return count;
    }

    /// <summary>Marks an open approval expired without escalating (e.g. an operator closes it).</summary>
    public async Task<bool> ExpireAsync(string approvalId, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < _options.MaxWriteAttempts; attempt++)
        {
            var record = await _store.GetAsync(approvalId, cancellationToken).ConfigureAwait(false);
            if (record is null || !record.Status.IsOpen())
            {
                return false;
            }
            var expired = record with
            {
                Status = ApprovalStatus.Expired,
                TaskToken = null,
                Links = Retired(record),
                Decision = new ApprovalDecision { Outcome = DecisionOutcome.Expired, By = "system", At = _time.GetUtcNow() },
            };
            if (await _store.TryReplaceAsync(expired, record.Status, record.Version, cancellationToken).ConfigureAwait(false))
            {
                await AuditAsync(approvalId, "expired", "system", ClientInfo.Unknown, "", cancellationToken).ConfigureAwait(false);
                return true;
            }
        }
        return false;
    }

    public Task<ApprovalRecord?> GetAsync(string approvalId, CancellationToken cancellationToken) =>
        _store.GetAsync(approvalId, cancellationToken);

    /// <summary>
    /// The delivery step, run by whoever holds the task token (the SNS subscriber on AWS, the local sns binding):
    /// retires every link issued so far for the current tier and issues one fresh link per approver, returning one
    /// email per approver that holds only that approver's link. Links therefore never pass through workflow state,
    /// execution history or a shared message. Empty when the approval is no longer open.
    /// </summary>
    public async Task<IReadOnlyList<ApprovalEmail>> DeliverAsync(string approvalId, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < _options.MaxWriteAttempts; attempt++)
        {
            var record = await _store.GetAsync(approvalId, cancellationToken).ConfigureAwait(false);
            if (record is null || !record.Status.IsOpen())
            {
                return [];
            }
            var approvers = record.Links.Where(l => l.Active && l.Tier == record.Tier).Select(l => l.Approver)
                .DistinctBy(a => a.Email, StringComparer.OrdinalIgnoreCase).ToList();
            var (links, issued) = IssueLinks(approvalId, approvers, record.Tier);
            var updated = record with { Links = [.. Retired(record), .. links] };
            if (await _store.TryReplaceAsync(updated, record.Status, record.Version, cancellationToken).ConfigureAwait(false))
            {
                await AuditAsync(approvalId, "delivered", "system", ClientInfo.Unknown, $"{issued.Count} personal link(s), tier {record.TierName}", cancellationToken).ConfigureAwait(false);
                return [.. issued.Select(link => ApprovalEmailRenderer.Render(updated, [link]))];
            }
        }
        throw new InvalidOperationException($"approval '{approvalId}': could not deliver links after {_options.MaxWriteAttempts} attempts");
    }

    /// <summary>
    /// A signed-in operator asks for their own approval page: when <paramref name="email"/> is one of the current
    /// tier's approvers, a new link for that person only is issued (the others' links stay untouched) and its URL
    /// returned; otherwise null. The URL goes to that operator's browser only and is never stored in clear.
    /// </summary>
    public async Task<string?> IssueOwnLinkAsync(string approvalId, string email, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(email);
        for (var attempt = 0; attempt < _options.MaxWriteAttempts; attempt++)
        {
            var record = await _store.GetAsync(approvalId, cancellationToken).ConfigureAwait(false);
            if (record is null || !record.Status.IsOpen())
            {
                return null;
            }
            var approver = CurrentApprover(record, email);
            if (approver is null)
            {
                return null;
            }
            var (links, issued) = IssueLinks(approvalId, [approver], record.Tier);
            var updated = record with { Links = [.. record.Links, .. links] };
            if (await _store.TryReplaceAsync(updated, record.Status, record.Version, cancellationToken).ConfigureAwait(false))
            {
                await AuditAsync(approvalId, "own-link", approver.Email, ClientInfo.Unknown, $"signed-in operator, tier {record.TierName}", cancellationToken).ConfigureAwait(false);
                return issued[0].Url;
            }
        }
        throw new InvalidOperationException($"approval '{approvalId}': could not issue a link after {_options.MaxWriteAttempts} attempts");
    }

    /// <summary>The current tier's approver with this email, when there is one.</summary>
    public static Approver? CurrentApprover(ApprovalRecord record, string email)
    {
        ArgumentNullException.ThrowIfNull(record);
        return record.Links.FirstOrDefault(l => l.Active && l.Tier == record.Tier && string.Equals(l.Approver.Email, email, StringComparison.OrdinalIgnoreCase))?.Approver;
    }

    private async Task<(ApprovalRecord? Record, ApprovalLink? Link)> FindLinkAsync(
        string approvalId, string? token, ClientInfo client, string deniedAction, CancellationToken cancellationToken)
    {
        if (!LinkTokens.IsWellFormedApprovalId(approvalId) || !LinkTokens.IsWellFormedToken(token))
        {
            return (null, null);
        }
        var record = await _store.GetAsync(approvalId, cancellationToken).ConfigureAwait(false);
        if (record is null)
        {
            return (null, null);
        }
        ApprovalLink? match = null;
        foreach (var link in record.Links)
        {
            // Check every link so the time taken does not tell which one (if any) matched.
            if (LinkTokens.Matches(approvalId, link, token!))
            {
                match = link;
            }
        }
        if (match is null)
        {
            await AuditAsync(approvalId, "denied", "unknown", client, $"{deniedAction}: token did not match", cancellationToken).ConfigureAwait(false);
        }
        return (match is null ? null : record, match);
    }

    /// <summary>Why this link can no longer act on this approval, or null when it still can.</summary>
    private ApprovalOutcome? ClosedOutcome(ApprovalRecord record, ApprovalLink? link)
    {
        if (record.Status is ApprovalStatus.Approved or ApprovalStatus.Rejected)
        {
            return ApprovalOutcome.AlreadyDecided;
        }
        if (record.Status == ApprovalStatus.Cancelled)
        {
            return ApprovalOutcome.Cancelled;
        }
        if (record.Status == ApprovalStatus.Expired)
        {
            return link is null || link.Active || link.Tier == record.Tier ? ApprovalOutcome.Expired : ApprovalOutcome.Superseded;
        }
        if (link is { Active: false })
        {
            return ApprovalOutcome.Superseded;
        }
        return _time.GetUtcNow() >= record.ExpiresAt ? ApprovalOutcome.Expired : null;
    }

    private ApprovalOutcome? Refusal(ApprovalRecord record, Approver approver, string scriptSha256, bool checkTier)
    {
        if (!LinkTokens.FixedTimeEquals(scriptSha256.ToLowerInvariant(), record.ScriptSha256))
        {
            return ApprovalOutcome.ScriptChanged;
        }
        if (!_policy.IsAllowed(approver, record.Alert.Environment, record.Alert.Severity))
        {
            return ApprovalOutcome.NotAllowed;
        }
        // A page link is personal to a tier approver already; a chat user must be an approver of the current tier,
        // as if they held that tier's link (an escalated approval belongs to the next tier only).
        if (checkTier && !_policy.ApproversFor(record.Alert.Severity, record.Alert.Environment, record.Tier)
                .Any(a => string.Equals(a.Email, approver.Email, StringComparison.OrdinalIgnoreCase)))
        {
            return ApprovalOutcome.NotInTier;
        }
        if (record.Status == ApprovalStatus.Escalated || record.TaskToken is null)
        {
            return ApprovalOutcome.NotReady;
        }
        return null;
    }

    private (int Tier, IReadOnlyList<Approver> Approvers) FirstTierWithApprovers(Core.Alerts.AlertSeverity severity, string environment, int fromTier)
    {
        var chain = _policy.ForSeverity(severity).Tiers;
        for (var tier = fromTier; tier < chain.Count; tier++)
        {
            var approvers = _policy.ApproversFor(severity, environment, tier);
            if (approvers.Count > 0)
            {
                return (tier, approvers);
            }
        }
        return (chain.Count, []);
    }

    /// <summary>The record's links with every active one switched off.</summary>
    private static List<ApprovalLink> Retired(ApprovalRecord record) => [.. record.Links.Select(l => l.Active ? l with { Active = false } : l)];

    private string TierName(Core.Alerts.AlertSeverity severity, int tier) => _policy.ForSeverity(severity).Tiers[tier];

    private (List<ApprovalLink> Links, List<IssuedLink> Issued) IssueLinks(string approvalId, IReadOnlyList<Approver> approvers, int tier)
    {
        var links = new List<ApprovalLink>(approvers.Count);
        var issued = new List<IssuedLink>(approvers.Count);
        foreach (var approver in approvers)
        {
            var token = LinkTokens.NewToken(_random);
            links.Add(new ApprovalLink { Approver = approver, Tier = tier, TokenHash = LinkTokens.Hash(approvalId, approver.Email, token), Active = true });
            issued.Add(new IssuedLink
            {
                Name = approver.Name,
                Email = approver.Email,
                Role = approver.Role,
                Url = $"{_options.BaseUrl}/approvals/{approvalId}?t={token}",
            });
        }
        return (links, issued);
    }

    private PreparedApproval Prepare(ApprovalRecord record, IReadOnlyList<IssuedLink> issued)
    {
        // What WaitForApproval publishes (and so what execution state and history hold): who must decide, never a link.
        var notice = ApprovalEmailRenderer.Notice(record);
        return new PreparedApproval
        {
            ApprovalId = record.Id,
            Tier = record.Tier,
            TierName = record.TierName,
            ExpiresAt = record.ExpiresAt,
            TimeoutSeconds = (int)Math.Ceiling((record.ExpiresAt - _time.GetUtcNow()).TotalSeconds),
            Subject = notice.Subject,
            Message = notice.Text,
            HtmlMessage = notice.Html,
            Links = issued,
        };
    }

    private static string Output(ApprovalRecord record, ApprovalDecision decision) =>
        JsonSerializer.Serialize(new TaskDecisionOutput
        {
            Decision = decision.Outcome.ToWire(),
            ApprovalId = record.Id,
            Approver = decision.By,
            ApproverEmail = decision.ByEmail,
            Comment = decision.Comment,
            ScriptSha256 = record.ScriptSha256,
            DecidedAt = decision.At,
        }, ApprovalsJsonContext.Default.TaskDecisionOutput);

    private Task AuditAsync(string approvalId, string action, string actor, ClientInfo client, string detail, CancellationToken cancellationToken) =>
        _store.AppendAuditAsync(new ApprovalAuditEntry
        {
            ApprovalId = approvalId,
            At = _time.GetUtcNow(),
            Action = action,
            Actor = actor,
            Ip = Truncate(client.Ip, 64),
            UserAgent = Truncate(client.UserAgent, 512),
            Detail = detail,
        }, cancellationToken);

    private static string Truncate(string value, int max) => value.Length <= max ? value : value[..max];
}
