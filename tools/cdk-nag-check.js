#!/usr/bin/env node
// Runs cdk-nag's AwsSolutions and Serverless packs over a synthesized CloudFormation template and prints every
// finding as one JSON array on stdout: [{ "rule", "finding", "resource", "level", "message" }].
// The AeonNova CDK app is C# on Amazon.CDK.Lib 2.160.0, which cannot load cdk-nag 3.x; so the template is loaded
// here through CfnInclude into a node stack the packs inspect (cdk-nag README, "Using on CloudFormation templates").
// usage: node tools/cdk-nag-check.js TEMPLATE.json
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { App, DefaultStackSynthesizer, Stack, Validations } = require('aws-cdk-lib');
const { CfnInclude } = require('aws-cdk-lib/cloudformation-include');
const { AwsSolutionsChecks, ServerlessChecks } = require('cdk-nag');

const templateFile = process.argv[2];
if (!templateFile || !fs.existsSync(templateFile)) {
  process.stderr.write(`cdk-nag-check: template not found: ${templateFile ?? '(none)'}\nusage: node tools/cdk-nag-check.js TEMPLATE.json\n`);
  process.exit(2);
}

const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'aeonnova-nag-'));
try {
  const app = new App({ outdir });
  // The included template already carries the CDK bootstrap version parameter and rule.
  const stack = new Stack(app, 'Nag', { synthesizer: new DefaultStackSynthesizer({ generateBootstrapVersionRule: false }) });
  new CfnInclude(stack, 'Template', { templateFile });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new ServerlessChecks(app));
  try {
    app.synth();
  } catch (err) {
    // Synthesis throws "Validation failed" when a plugin reports a violation, after writing the report.
    if (!fs.existsSync(path.join(outdir, 'validation-report.json'))) {
      throw err;
    }
  }
  const reportFile = path.join(outdir, 'validation-report.json');
  const report = fs.existsSync(reportFile) ? JSON.parse(fs.readFileSync(reportFile, 'utf8')) : { pluginReports: [] };
  const findings = [];
  for (const plugin of report.pluginReports) {
    for (const violation of plugin.violations ?? []) {
      // "AwsSolutions-IAM5[Resource::*]": the rule and, for rules with several findings per resource, the finding.
      const match = /^([^[]+)(?:\[(.*)\])?$/.exec(violation.ruleName);
      for (const construct of violation.violatingConstructs ?? []) {
        const segments = construct.constructPath.split('/');
        findings.push({
          pack: plugin.pluginName,
          rule: match ? match[1] : violation.ruleName,
          finding: match && match[2] !== undefined ? match[2] : '',
          // Nag/Template/<LogicalId>: the logical id of the template resource.
          resource: segments[2] ?? construct.constructPath,
          level: violation.severity,
          message: String(violation.description ?? '').split('\n')[0],
        });
      }
    }
  }
  findings.sort((a, b) => `${a.rule} ${a.resource} ${a.finding}`.localeCompare(`${b.rule} ${b.resource} ${b.finding}`));
  process.stdout.write(JSON.stringify(findings, null, 1) + '\n');
} finally {
  fs.rmSync(outdir, { recursive: true, force: true });
}
