'use strict';
// Content-aware document types, per YAML document, shared by every family.
const assert = require('assert');
const { engine, tmpWorkspace } = require('../helpers');
const path = require('path');
const { spawnSync } = require('child_process');

const typesOf = (p, text) => [...engine.documentContext({ path: p, text }).types()].sort();

describe('document types', () => {
  it('tells apart Kubernetes, kustomize, CloudFormation, SAM, Serverless, IAM policies, ARM, workflows, compose, Dockerfile, .env, Terraform and the registration manifest', () => {
    assert.deepStrictEqual(typesOf('/ws/k8s/all.yaml', 'apiVersion: v1\nkind: Service\nmetadata: {name: a}\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: b}\n'), ['kubernetes']);
    assert.deepStrictEqual(typesOf('/ws/kustomization.yaml', 'namespace: apps\nresources: [a.yaml]\n'), ['kustomization']);
    assert.deepStrictEqual(typesOf('/ws/template.yaml', 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  R:\n    Type: AWS::IAM::Role\n    Properties:\n      RoleName: !Sub "${AWS::StackName}-r"\n'), ['cloudformation']);
    assert.deepStrictEqual(typesOf('/ws/template.yaml', 'Transform: AWS::Serverless-2016-10-31\nResources:\n  F:\n    Type: AWS::Serverless::Function\n'), ['sam']);
    assert.deepStrictEqual(typesOf('/ws/serverless.yml', 'service: bot\nprovider:\n  name: aws\nfunctions:\n  f: {handler: h.f}\n'), ['serverless']);
    assert.deepStrictEqual(typesOf('/ws/policy.json', '{"Version":"2012-10-17","Statement":[]}'), ['iam-policy']);
    assert.deepStrictEqual(typesOf('/ws/cdk.out/App.template.json', '{"Resources":{"R":{"Type":"AWS::S3::Bucket"}}}'), ['cloudformation']);
    assert.deepStrictEqual(typesOf('/ws/azuredeploy.json', '{"$schema":"https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#","resources":[]}'), ['arm-template']);
    assert.deepStrictEqual(typesOf('/ws/.github/workflows/ci.yml', 'on: push\njobs: {}\n'), ['gha-workflow']);
    assert.deepStrictEqual(typesOf('/ws/docker-compose.yml', 'services:\n  web: {image: nginx}\n'), ['compose']);
    assert.deepStrictEqual(typesOf('/ws/Dockerfile', 'FROM node:20\n'), ['dockerfile']);
    assert.deepStrictEqual(typesOf('/ws/.env', 'A=1\n'), ['dotenv']);
    assert.deepStrictEqual(typesOf('/ws/main.tf', 'resource "aws_s3_bucket" "b" {}\n'), ['terraform']);
    assert.deepStrictEqual(typesOf('/ws/microapp.yaml', 'apiVersion: microapp-guard/v1\nkind: MicroAppRegistration\n'), ['registration-manifest']);
    assert.deepStrictEqual(typesOf('/ws/chart/templates/deploy.yaml', 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\n'), ['helm-template', 'kubernetes']);
    assert.deepStrictEqual(typesOf('/ws/notes.yaml', 'title: hello\n'), []);
  });

  it('CloudFormation short-form tags are parsed as values known only at deploy time, not rejected', () => {
    const text = 'Resources:\n  R:\n    Type: AWS::IAM::Policy\n    Properties:\n      PolicyName: !Ref Name\n      Roles: [!GetAtt Role.Arn]\n';
    const doc = engine.documentContext({ path: '/ws/t.yaml', text });
    const [entry] = doc.yaml();
    const props = entry.tree.entries[0].value.entries[0].value.entries[1].value;
    assert.strictEqual(props.entries[0].value.type, 'unknown');
    assert.strictEqual(props.entries[0].value.tag, '!Ref');
    assert.strictEqual(text.slice(props.entries[0].value.start, props.entries[0].value.end), 'Name');
  });

  it('the parse is shared: the same text gives the same context, an edit a new one; YAML documents keep their offsets', () => {
    const a = engine.documentContext({ path: '/ws/x.yaml', text: 'a: 1\n---\nb: 2\n' });
    assert.strictEqual(engine.documentContext({ path: '/ws/x.yaml', text: 'a: 1\n---\nb: 2\n' }), a);
    const b = engine.documentContext({ path: '/ws/x.yaml', text: 'a: 1\n---\nb: 3\n' });
    assert.notStrictEqual(b, a);
    const second = b.yaml()[1].tree.entries[0];
    assert.strictEqual(b.text.slice(second.keyStart, second.keyEnd), 'b');
  });

  it('Helm templates are named once per chart in a scan, not once per file', () => {
    const tpl = (n) => `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ include "c.fullname" . }}-${n}\nspec:\n  {{- if .Values.x }}\n  replicas: 2\n  {{- end }}\n`;
    const dir = tmpWorkspace({ 'chart/Chart.yaml': 'apiVersion: v2\nname: c\nversion: 1.0.0\n', 'chart/templates/a.yaml': tpl('a'), 'chart/templates/b.yaml': tpl('b'), 'chart/templates/c.yaml': tpl('c') });
    const r = spawnSync(process.execPath, [path.join(__dirname, '..', '..', 'bin', 'microapp-guard.js'), 'scan', dir, '--format', 'json', '--fail-on', 'none'], { encoding: 'utf8' });
    const report = JSON.parse(r.stdout);
    const notes = report.problems.filter((p) => /^Helm chart /.test(p.message));
    assert.strictEqual(notes.length, 1, JSON.stringify(report.problems));
  });
});
