/*
 * ServiceNow → AeonNova: an "after" business rule on the incident table (Advanced, Insert + Update,
 * condition: current.state.changes() || current.priority.changes() || current.cmdb_ci.changes()).
 * It posts {"records":[record]} — the JSONv2 shape — with reference fields as {value, display_value} objects,
 * through the outbound REST message "AeonNova" (method "post"; see README.md), which carries the auth:
 * a Basic auth profile whose user/password match AeonNova's servicenow source (kind Basic).
 */
(function executeRule(current, previous /* null when async */) {
    function field(name) {
        var value = current.getValue(name);
        var display = current.getDisplayValue(name);
        return value === display ? value : { value: value, display_value: display };
    }
    var names = ['number', 'short_description', 'description', 'state', 'priority', 'impact', 'urgency', 'severity',
        'category', 'subcategory', 'assignment_group', 'cmdb_ci', 'business_service', 'u_environment', 'u_os',
        'opened_at', 'resolved_at', 'closed_at', 'close_notes'];
    var record = { sys_id: current.getUniqueValue(), sys_class_name: current.getRecordClassName() };
    for (var i = 0; i < names.length; i++) {
        if (current.isValidField(names[i])) {
            record[names[i]] = field(names[i]);
        }
    }
    var message = new sn_ws.RESTMessageV2('AeonNova', 'post');
    message.setRequestHeader('Content-Type', 'application/json');
    message.setRequestBody(JSON.stringify({ records: [record] }));
    // Asynchronous: the incident form never waits on AeonNova; failures show in the outbound HTTP log.
    message.executeAsync();
})(current, previous);
