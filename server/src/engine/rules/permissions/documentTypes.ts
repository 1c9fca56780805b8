/** The structured document types the permissions family reads, told by their top-level keys (document.ts). */
import path = require('path');
import type { DocumentTypeSpec } from '../../document';
import { get, getPath, str, type PNode } from '../../formats/tree';

const serverlessTransform = (n: PNode | undefined): boolean =>
  (n?.type === 'string' && /AWS::Serverless/.test(n.value)) || (n?.type === 'array' && n.items.some((i) => i.type === 'string' && /AWS::Serverless/.test(i.value)));

export const PERMISSIONS_DOCUMENT_TYPES: readonly DocumentTypeSpec[] = [
  { type: 'arm-template', keys: ['$schema'], test: (tree) => /deploymentTemplate\.json/i.test(str(get(tree, '$schema')) ?? '') },
  { type: 'sam', keys: ['Transform'], test: (tree) => serverlessTransform(get(tree, 'Transform')) },
  {
    type: 'cloudformation',
    keys: ['AWSTemplateFormatVersion', 'Resources'],
    test: (tree) => {
      if (get(tree, 'AWSTemplateFormatVersion')) return true;
      const resources = get(tree, 'Resources');
      return resources?.type === 'object' && resources.entries.some((e) => /^AWS::/.test(str(get(e.value, 'Type')) ?? ''));
    },
  },
  {
    type: 'serverless',
    keys: [['service', 'provider']],
    test: (tree) => !!get(tree, 'service') && !!get(tree, 'provider') && !!(get(tree, 'functions') || str(getPath(tree, ['provider', 'name']))),
  },
  { type: 'iam-policy', keys: ['Statement'], test: (tree, filePath) => !!get(tree, 'Statement') && !!(get(tree, 'Version') || /policy/i.test(path.basename(filePath))) },
];
