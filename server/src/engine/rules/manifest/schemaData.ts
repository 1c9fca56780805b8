// Generated from schemas/registration-manifest.schema.json (a unit test asserts they are equal).
// Edit the JSON file, then regenerate this module (see docs/manifest.md).
/* eslint-disable */
export const manifestSchema: Record<string, unknown> = {
 "$schema": "https://json-schema.org/draft/2020-12/schema",
 "$id": "https://github.com/microapp-guard/microapp-guard/schemas/registration-manifest.schema.json",
 "title": "Micro-App Guard registration manifest",
 "description": "What a platform team needs to register, risk-score and gate a micro-app. Human fields may hold a TODO marker (a string starting with \"TODO:\"); a TODO in a required human field, or a factor that cannot be known offline (no vulnerability report), marks the manifest incomplete and scores no points (status.missing says what would complete it). Computed fields are refreshed on every export; keys starting with \"x-\" are free for the owner's own notes and survive re-export. Evidence is always a file and line, never the data found there; secret values never appear.",
 "type": "object",
 "required": [
  "apiVersion",
  "kind",
  "status",
  "metadata",
  "spec",
  "risk",
  "generatedAt",
  "generator"
 ],
 "additionalProperties": false,
 "patternProperties": {
  "^x-": {
   "description": "An owner's extension field; kept as written on re-export."
  }
 },
 "properties": {
  "apiVersion": {
   "description": "Version of this manifest format.",
   "const": "microapp-guard/v1"
  },
  "kind": {
   "description": "Always MicroAppRegistration.",
   "const": "MicroAppRegistration"
  },
  "status": {
   "description": "Whether the manifest is complete: every required human field filled, and every factor known (a factor that cannot be known offline, such as vulnerabilities without a report, scores no points and makes the manifest incomplete). `manifest --check` fails on an incomplete manifest; `missing` says what would complete it.",
   "type": "object",
   "required": [
    "state",
    "todo"
   ],
   "additionalProperties": false,
   "properties": {
    "state": {
     "description": "complete when nothing is missing: no required human field holds a TODO marker or is empty, and every factor is known (a vulnerability report covers the app's third-party packages, or it has none).",
     "enum": [
      "complete",
      "incomplete"
     ]
    },
    "todo": {
     "description": "Key paths (dot-separated) of the required fields still holding a TODO marker.",
     "type": "array",
     "items": {
      "type": "string"
     }
    },
    "missing": {
     "description": "What keeps the manifest incomplete, and what would complete it: unknown factors first (with the command that produces the missing input), then the required human fields still holding a TODO. Absent in manifests written by older versions (export again to add it).",
     "type": "array",
     "items": {
      "type": "object",
      "required": [
       "field",
       "reason",
       "howToComplete"
      ],
      "additionalProperties": false,
      "properties": {
       "field": {
        "description": "Dot path of what is missing: a human field (metadata.team) or a factor (risk.factors.sbomVulnerabilities).",
        "type": "string"
       },
       "reason": {
        "description": "Why it is missing.",
        "type": "string"
       },
       "howToComplete": {
        "description": "What completes it: the field to fill, or the command that produces a vulnerability report for the app's ecosystems.",
        "type": "string"
       }
      }
     }
    }
   }
  },
  "metadata": {
   "description": "Who owns the app and what it is. Filled by the owner; pre-filled from package.json, pyproject.toml, the README, CODEOWNERS or git config when possible.",
   "type": "object",
   "required": [
    "name",
    "description",
    "owner",
    "team",
    "escalation",
    "technicalApprover"
   ],
   "additionalProperties": false,
   "patternProperties": {
    "^x-": {
     "description": "An owner's extension field."
    }
   },
   "properties": {
    "name": {
     "description": "Short name of the app (package name by default).",
     "$ref": "#/$defs/humanText"
    },
    "description": {
     "description": "What the app does, who uses it, which systems it talks to.",
     "$ref": "#/$defs/humanText"
    },
    "owner": {
     "description": "The accountable person.",
     "type": "object",
     "required": [
      "name",
      "email"
     ],
     "additionalProperties": false,
     "properties": {
      "name": {
       "description": "Full name of the owner.",
       "$ref": "#/$defs/humanText"
      },
      "email": {
       "description": "Email address of the owner, or a TODO marker.",
       "$ref": "#/$defs/emailOrTodo"
      }
     }
    },
    "team": {
     "description": "The team that maintains the app (a CODEOWNERS team such as @org/team is accepted).",
     "$ref": "#/$defs/humanText"
    },
    "escalation": {
     "description": "Where to escalate an incident: an on-call rotation, a channel or an address.",
     "$ref": "#/$defs/humanText"
    },
    "technicalApprover": {
     "description": "The person who approves the technical design (name or email).",
     "$ref": "#/$defs/humanText"
    }
   }
  },
  "spec": {
   "description": "What the app touches: data, permissions, integrations, flows, secrets, network, dependencies, revocation, observability and residency.",
   "type": "object",
   "required": [
    "businessJustification",
    "dataClasses",
    "sensitivity",
    "requestedPermissions",
    "externalIntegrations",
    "dataFlows",
    "secrets",
    "network",
    "sbom",
    "revocation",
    "observability",
    "residency"
   ],
   "additionalProperties": false,
   "patternProperties": {
    "^x-": {
     "description": "An owner's extension field."
    }
   },
   "properties": {
    "businessJustification": {
     "description": "Why the business needs this app (filled by the owner).",
     "$ref": "#/$defs/humanText"
    },
    "dataClasses": {
     "description": "Classes of data the app handles. Inferred entries carry evidence; entries the owner adds (origin declared or no origin) survive re-export.",
     "type": "array",
     "items": {
      "type": "object",
      "required": [
       "class"
      ],
      "additionalProperties": false,
      "properties": {
       "class": {
        "description": "The data class of data the app handles: PII and financial (restricted); PHI, payment-card and government-id (regulated); other, business records (internal). credentials (the app stores its users' credentials) is only ever declared: the app's own credentials are never a data class.",
        "enum": [
         "PII",
         "PHI",
         "financial",
         "payment-card",
         "government-id",
         "credentials",
         "other"
        ]
       },
       "origin": {
        "description": "inferred (found in the workspace) or declared (written by the owner).",
        "enum": [
         "inferred",
         "declared"
        ]
       },
       "note": {
        "description": "The owner's note about this data class.",
        "type": "string"
       },
       "evidence": {
        "description": "Where the class was found: file and line, and the indicator word (never the data).",
        "type": "array",
        "items": {
         "$ref": "#/$defs/evidence"
        }
       }
      }
     }
    },
    "sensitivity": {
     "description": "Overall sensitivity: PHI, payment card data or government identifiers make an app regulated, PII, financial or declared credentials restricted, nothing found internal. The owner may raise it; a lower value than inferred is flagged.",
     "$ref": "#/$defs/sensitivity"
    },
    "requestedPermissions": {
     "description": "Every cloud or cluster grant and every OAuth scope declaration found, broad or not.",
     "type": "array",
     "items": {
      "type": "object",
      "required": [
       "provider",
       "resources",
       "class",
       "file",
       "line"
      ],
      "additionalProperties": false,
      "properties": {
       "provider": {
        "description": "aws, gcp, azure, kubernetes, github; for OAuth scopes slack, google, microsoft, github.",
        "type": "string"
       },
       "principal": {
        "description": "Who receives the grant, when known.",
        "type": "string"
       },
       "actions": {
        "description": "Actions granted.",
        "type": "array",
        "items": {
         "type": "string"
        }
       },
       "role": {
        "description": "Role granted (instead of or besides actions).",
        "type": "string"
       },
       "resources": {
        "description": "Resources the grant applies to.",
        "type": "array",
        "items": {
         "type": "string"
        }
       },
       "class": {
        "description": "Breadth of the grant.",
        "$ref": "#/$defs/breadth"
       },
       "reason": {
        "description": "Why the grant has this class.",
        "type": "string"
       },
       "file": {
        "$ref": "#/$defs/file"
       },
       "line": {
        "$ref": "#/$defs/line"
       }
      }
     }
    },
    "externalIntegrations": {
     "description": "Every endpoint the app talks to, one entry per host.",
     "type": "array",
     "items": {
      "type": "object",
      "required": [
       "host",
       "kind",
       "locations"
      ],
      "additionalProperties": false,
      "properties": {
       "host": {
        "description": "Host name.",
        "type": "string"
       },
       "domain": {
        "description": "Registrable domain of the host.",
        "type": "string"
       },
       "kind": {
        "description": "internal (the organisation's own), listed-saas (a known SaaS), unknown.",
        "enum": [
         "internal",
         "listed-saas",
         "unknown"
        ]
       },
       "provider": {
        "description": "SaaS provider name, for listed SaaS.",
        "type": "string"
       },
       "locations": {
        "description": "Where the endpoint is named.",
        "type": "array",
        "items": {
         "$ref": "#/$defs/location"
        }
       }
      }
     }
    },
    "dataFlows": {
     "description": "A short threat model: where data enters, where it is kept, where it leaves, and the trust boundaries crossed.",
     "type": "object",
     "required": [
      "sources",
      "stores",
      "sinks",
      "trustBoundaries"
     ],
     "additionalProperties": false,
     "properties": {
      "sources": {
       "description": "Where data enters (HTTP handlers, webhooks, Slack events, spreadsheets, queues).",
       "type": "array",
       "items": {
        "$ref": "#/$defs/flowItem"
       }
      },
      "stores": {
       "description": "Where data is kept (databases, object storage, spreadsheets).",
       "type": "array",
       "items": {
        "$ref": "#/$defs/flowItem"
       }
      },
      "sinks": {
       "description": "Where data leaves (SaaS endpoints, chat, email).",
       "type": "array",
       "items": {
        "$ref": "#/$defs/flowItem"
       }
      },
      "trustBoundaries": {
       "description": "Boundaries crossed (internet to app, app to SaaS, app to store).",
       "type": "array",
       "items": {
        "type": "object",
        "required": [
         "from",
         "to"
        ],
        "additionalProperties": false,
        "properties": {
         "from": {
          "description": "Side the data comes from.",
          "type": "string"
         },
         "to": {
          "description": "Side the data goes to.",
          "type": "string"
         },
         "origin": {
          "description": "inferred or declared.",
          "enum": [
           "inferred",
           "declared"
          ]
         },
         "note": {
          "description": "What crosses.",
          "type": "string"
         }
        }
       }
      }
     }
    },
    "secrets": {
     "description": "Hardcoded secrets found: counts and locations by rule, never values.",
     "type": "object",
     "required": [
      "total",
      "byRule",
      "locations"
     ],
     "additionalProperties": false,
     "properties": {
      "total": {
       "description": "Number of hardcoded secrets.",
       "type": "integer",
       "minimum": 0
      },
      "byRule": {
       "description": "Count per rule id.",
       "type": "object",
       "additionalProperties": {
        "type": "integer",
        "minimum": 0
       }
      },
      "locations": {
       "description": "Where each secret sits.",
       "type": "array",
       "items": {
        "type": "object",
        "required": [
         "file",
         "line",
         "rule"
        ],
        "additionalProperties": false,
        "properties": {
         "file": {
          "$ref": "#/$defs/file"
         },
         "line": {
          "$ref": "#/$defs/line"
         },
         "rule": {
          "description": "Rule id that found it.",
          "type": "string"
         }
        }
       }
      }
     }
    },
    "network": {
     "description": "Workloads and whether their ingress and egress are isolated, and what is publicly exposed.",
     "type": "object",
     "required": [
      "workloads",
      "publicExposure"
     ],
     "additionalProperties": false,
     "properties": {
      "workloads": {
       "description": "Workloads found in the infrastructure code.",
       "type": "array",
       "items": {
        "type": "object",
        "required": [
         "name",
         "kind",
         "ingressIsolated",
         "egressIsolated",
         "file",
         "line"
        ],
        "additionalProperties": false,
        "properties": {
         "name": {
          "description": "Workload name.",
          "type": "string"
         },
         "namespace": {
          "description": "Namespace, when known.",
          "type": "string"
         },
         "kind": {
          "description": "Deployment, StatefulSet, ...",
          "type": "string"
         },
         "ingressIsolated": {
          "description": "Whether a network policy isolates ingress.",
          "type": "boolean"
         },
         "egressIsolated": {
          "description": "Whether a network policy isolates egress.",
          "type": "boolean"
         },
         "file": {
          "$ref": "#/$defs/file"
         },
         "line": {
          "$ref": "#/$defs/line"
         }
        }
       }
      },
      "publicExposure": {
       "description": "What is reachable from the internet (Ingress, LoadBalancer Service, public bucket, ...).",
       "type": "array",
       "items": {
        "type": "object",
        "required": [
         "kind",
         "name",
         "file",
         "line"
        ],
        "additionalProperties": false,
        "properties": {
         "kind": {
          "description": "Kind of exposure.",
          "type": "string"
         },
         "name": {
          "description": "Name of the exposed object.",
          "type": "string"
         },
         "hosts": {
          "description": "Public host names, when known.",
          "type": "array",
          "items": {
           "type": "string"
          }
         },
         "file": {
          "$ref": "#/$defs/file"
         },
         "line": {
          "$ref": "#/$defs/line"
         }
        }
       }
      }
     }
    },
    "sbom": {
     "description": "The CycloneDX SBOM generated from the workspace's lock files, the files that declare third-party packages, and the vulnerability counts from the reports in the folder.",
     "type": "object",
     "required": [
      "path",
      "format",
      "componentCount",
      "vulnerabilities"
     ],
     "additionalProperties": false,
     "properties": {
      "path": {
       "description": "Workspace-relative path of the SBOM file.",
       "type": "string"
      },
      "format": {
       "description": "Always CycloneDX.",
       "const": "CycloneDX"
      },
      "specVersion": {
       "description": "CycloneDX specification version.",
       "type": "string"
      },
      "componentCount": {
       "description": "Number of distinct components (by package URL).",
       "type": "integer",
       "minimum": 0
      },
      "lockFiles": {
       "description": "Lock files the SBOM was built from.",
       "type": "array",
       "items": {
        "type": "string"
       }
      },
      "dependencyFiles": {
       "description": "Dependency manifests and lock files that declare third-party packages (package.json, package-lock.json, yarn.lock, pnpm-lock.yaml, requirements*.txt, pyproject.toml, Pipfile(.lock), poetry.lock, uv.lock, setup.py/cfg, go.mod, Cargo.toml/.lock, Gemfile(.lock), composer.json/.lock, pom.xml, build.gradle, *.csproj, packages.config, packages.lock.json), at most 50. None means no third-party component: the vulnerability factor is none.",
       "type": "array",
       "items": {
        "type": "object",
        "required": [
         "file",
         "ecosystem",
         "packages"
        ],
        "additionalProperties": false,
        "properties": {
         "file": {
          "$ref": "#/$defs/file"
         },
         "ecosystem": {
          "$ref": "#/$defs/ecosystem"
         },
         "packages": {
          "description": "Third-party packages it declares (local paths and workspace links excluded).",
          "type": "integer",
          "minimum": 1
         }
        }
       }
      },
      "vulnerabilities": {
       "description": "Counts by severity from the vulnerability reports in the folder (status known), no-components when no file declares a third-party package, or unknown with the reason (no report: the factor scores 0 and the manifest is incomplete). Nothing is fetched from the network.",
       "type": "object",
       "required": [
        "status"
       ],
       "additionalProperties": false,
       "properties": {
        "status": {
         "description": "known when a report was read; no-components when the app declares no third-party package; unknown otherwise (not scored; the manifest is incomplete).",
         "enum": [
          "known",
          "no-components",
          "unknown"
         ]
        },
        "critical": {
         "description": "Critical vulnerabilities.",
         "type": "integer",
         "minimum": 0
        },
        "high": {
         "description": "High vulnerabilities.",
         "type": "integer",
         "minimum": 0
        },
        "medium": {
         "description": "Medium (npm: moderate) vulnerabilities.",
         "type": "integer",
         "minimum": 0
        },
        "low": {
         "description": "Low (npm: low and info) vulnerabilities.",
         "type": "integer",
         "minimum": 0
        },
        "unknown": {
         "description": "Vulnerabilities whose severity the report does not give.",
         "type": "integer",
         "minimum": 0
        },
        "reports": {
         "description": "Reports read: workspace-relative path and format, each recognised by its content.",
         "type": "array",
         "items": {
          "type": "object",
          "required": [
           "file",
           "format"
          ],
          "additionalProperties": false,
          "properties": {
           "file": {
            "$ref": "#/$defs/file"
           },
           "format": {
            "description": "npm-audit (npm audit --json), osv (OSV-Scanner --format json), trivy (trivy --format json), grype (grype -o json), pip-audit (pip-audit -f json) or cyclonedx (CycloneDX JSON with vulnerabilities).",
            "enum": [
             "npm-audit",
             "osv",
             "trivy",
             "grype",
             "pip-audit",
             "cyclonedx"
            ]
           }
          }
         }
        },
        "reason": {
         "description": "Why the counts are unknown, or why none are needed.",
         "type": "string"
        },
        "uncovered": {
         "description": "Ecosystems with third-party packages that no report read covers (npm audit covers npm, pip-audit PyPI, the others every ecosystem): the manifest is incomplete until one does.",
         "type": "array",
         "items": {
          "$ref": "#/$defs/ecosystem"
         }
        },
        "ecosystems": {
         "description": "Ecosystems with third-party packages a report is needed for (status unknown).",
         "type": "array",
         "items": {
          "$ref": "#/$defs/ecosystem"
         }
        }
       },
       "if": {
        "properties": {
         "status": {
          "enum": [
           "unknown",
           "no-components"
          ]
         }
        }
       },
       "then": {
        "required": [
         "reason"
        ]
       },
       "else": {
        "required": [
         "critical",
         "high",
         "medium",
         "low",
         "unknown"
        ]
       }
      }
     }
    },
    "revocation": {
     "description": "What to revoke to cut the app off (the kill switch).",
     "type": "object",
     "required": [
      "credentials",
      "roles",
      "serviceAccounts",
      "secrets"
     ],
     "additionalProperties": false,
     "properties": {
      "credentials": {
       "description": "Credentials the app uses: environment variables named like credentials, and hardcoded secrets to rotate.",
       "type": "array",
       "items": {
        "$ref": "#/$defs/revocationItem"
       }
      },
      "roles": {
       "description": "Cloud or cluster roles granted to the app.",
       "type": "array",
       "items": {
        "$ref": "#/$defs/revocationItem"
       }
      },
      "serviceAccounts": {
       "description": "Service accounts the app runs as.",
       "type": "array",
       "items": {
        "$ref": "#/$defs/revocationItem"
       }
      },
      "secrets": {
       "description": "Secret objects the app reads (Kubernetes Secrets, secret manager entries).",
       "type": "array",
       "items": {
        "$ref": "#/$defs/revocationItem"
       }
      },
      "oauthApps": {
       "description": "OAuth apps to uninstall or whose consent to revoke (a Slack app, an Apps Script project or Google OAuth client, an Entra app registration, a GitHub App or OAuth app), with the file that declares their scopes. Optional: manifests written before it stay valid.",
       "type": "array",
       "items": {
        "$ref": "#/$defs/revocationItem"
       }
      }
     }
    },
    "observability": {
     "description": "Whether structured logs, metrics and request ids were found, and where.",
     "type": "object",
     "required": [
      "structuredLogs",
      "metrics",
      "requestIds"
     ],
     "additionalProperties": false,
     "properties": {
      "structuredLogs": {
       "description": "A structured logging library (pino, winston, structlog, JSON logging, ...).",
       "$ref": "#/$defs/signal"
      },
      "metrics": {
       "description": "A metrics library (prom-client, prometheus_client, statsd, OpenTelemetry, ...).",
       "$ref": "#/$defs/signal"
      },
      "requestIds": {
       "description": "Request id or trace context propagation (x-request-id, traceparent, ...).",
       "$ref": "#/$defs/signal"
      }
     }
    },
    "residency": {
     "description": "Where data lives: cloud regions named in the infrastructure code, and the SaaS sinks that receive data.",
     "type": "object",
     "required": [
      "regions",
      "saasSinks"
     ],
     "additionalProperties": false,
     "properties": {
      "regions": {
       "description": "Regions named in the infrastructure code.",
       "type": "array",
       "items": {
        "type": "object",
        "required": [
         "region",
         "provider",
         "locations"
        ],
        "additionalProperties": false,
        "properties": {
         "region": {
          "description": "Region name, e.g. eu-west-1, europe-west4, westeurope.",
          "type": "string"
         },
         "provider": {
          "description": "Cloud provider.",
          "enum": [
           "aws",
           "gcp",
           "azure"
          ]
         },
         "locations": {
          "description": "Where it is named.",
          "type": "array",
          "items": {
           "$ref": "#/$defs/location"
          }
         }
        }
       }
      },
      "saasSinks": {
       "description": "Hosts outside the organisation that receive data.",
       "type": "array",
       "items": {
        "type": "string"
       }
      }
     }
    }
   }
  },
  "risk": {
   "description": "The risk score (0-18) of the known factors, the gate, and the four factors it is the sum of. Manual review from 8, blocked from 12. A factor that cannot be known offline scores 0 and makes the manifest incomplete (`incomplete`, `status.missing`).",
   "type": "object",
   "required": [
    "score",
    "gate",
    "factors"
   ],
   "additionalProperties": false,
   "properties": {
    "score": {
     "description": "Sum of the four factors' points.",
     "type": "integer",
     "minimum": 0,
     "maximum": 18
    },
    "gate": {
     "$ref": "#/$defs/gate"
    },
    "incomplete": {
     "description": "true when the manifest is incomplete (status.missing): the score counts the known factors only, and the gate is shown with \"incomplete\" beside it until the missing items are completed.",
     "type": "boolean"
    },
    "factors": {
     "description": "Exactly the four scored factors.",
     "type": "object",
     "required": [
      "dataClass",
      "permissionsBreadth",
      "externalConnectivity",
      "sbomVulnerabilities"
     ],
     "additionalProperties": false,
     "properties": {
      "dataClass": {
       "description": "public 0, internal 1, restricted 3, regulated 5.",
       "$ref": "#/$defs/factor",
       "properties": {
        "value": {
         "$ref": "#/$defs/sensitivity",
         "description": "The factor value."
        },
        "points": {
         "enum": [
          0,
          1,
          3,
          5
         ],
         "description": "The points this value scores."
        }
       }
      },
      "permissionsBreadth": {
       "description": "narrow 0, moderate 2, broad 5.",
       "$ref": "#/$defs/factor",
       "properties": {
        "value": {
         "$ref": "#/$defs/breadth",
         "description": "The factor value."
        },
        "points": {
         "enum": [
          0,
          2,
          5
         ],
         "description": "The points this value scores."
        }
       }
      },
      "externalConnectivity": {
       "description": "none 0, listed-saas 1, unknown 3.",
       "$ref": "#/$defs/factor",
       "properties": {
        "value": {
         "enum": [
          "none",
          "listed-saas",
          "unknown"
         ],
         "description": "The factor value."
        },
        "points": {
         "enum": [
          0,
          1,
          3
         ],
         "description": "The points this value scores."
        }
       }
      },
      "sbomVulnerabilities": {
       "description": "none 0 (no known vulnerability of medium severity or worse, or no third-party component at all), medium 2, high-critical 5, unknown 0 (no vulnerability report: not scored, the manifest is incomplete until one is read).",
       "$ref": "#/$defs/factor",
       "properties": {
        "value": {
         "enum": [
          "none",
          "medium",
          "high-critical",
          "unknown"
         ],
         "description": "The factor value."
        },
        "points": {
         "enum": [
          0,
          2,
          5
         ],
         "description": "The points this value scores."
        }
       }
      }
     }
    },
    "incompleteFactors": {
     "description": "Factors scored without their full input (a family that published nothing; no vulnerability report, or none covering every ecosystem of the app). They score no points for what is unknown and make the manifest incomplete.",
     "type": "array",
     "items": {
      "enum": [
       "dataClass",
       "permissionsBreadth",
       "externalConnectivity",
       "sbomVulnerabilities"
      ]
     }
    },
    "afterFixes": {
     "description": "The score and gate after the preferred fixes the tool offers are applied.",
     "type": "object",
     "required": [
      "score",
      "gate"
     ],
     "additionalProperties": false,
     "properties": {
      "score": {
       "description": "Score after the fixes.",
       "type": "integer",
       "minimum": 0,
       "maximum": 18
      },
      "gate": {
       "$ref": "#/$defs/gate"
      },
      "values": {
       "description": "Factor values after the fixes.",
       "type": "object",
       "additionalProperties": {
        "type": "string"
       }
      }
     }
    }
   }
  },
  "generatedAt": {
   "description": "When the manifest was generated (RFC 3339).",
   "type": "string",
   "format": "date-time"
  },
  "generator": {
   "description": "The tool that generated the manifest.",
   "type": "object",
   "required": [
    "name",
    "version"
   ],
   "additionalProperties": false,
   "properties": {
    "name": {
     "description": "Tool name.",
     "type": "string"
    },
    "version": {
     "description": "Tool version.",
     "type": "string"
    }
   }
  }
 },
 "$defs": {
  "humanText": {
   "description": "Text written by the owner, or a TODO marker (\"TODO: <what to fill>\").",
   "type": "string",
   "minLength": 1
  },
  "emailOrTodo": {
   "description": "An email address or a TODO marker.",
   "type": "string",
   "pattern": "^(TODO\\b.*|[^@\\s]+@[^@\\s]+\\.[^@\\s]+)$"
  },
  "file": {
   "description": "Workspace-relative path.",
   "type": "string",
   "minLength": 1
  },
  "line": {
   "description": "1-based line number.",
   "type": "integer",
   "minimum": 1
  },
  "location": {
   "description": "A place in the workspace.",
   "type": "object",
   "required": [
    "file",
    "line"
   ],
   "additionalProperties": false,
   "properties": {
    "file": {
     "$ref": "#/$defs/file"
    },
    "line": {
     "$ref": "#/$defs/line"
    }
   }
  },
  "evidence": {
   "description": "A place in the workspace and what was recognised there (never the data).",
   "type": "object",
   "required": [
    "file",
    "line"
   ],
   "additionalProperties": false,
   "properties": {
    "file": {
     "$ref": "#/$defs/file"
    },
    "line": {
     "$ref": "#/$defs/line"
    },
    "indicator": {
     "description": "The recognised word or library, from the tool's vocabulary.",
     "type": "string"
    }
   }
  },
  "sensitivity": {
   "description": "public, internal, restricted or regulated.",
   "enum": [
    "public",
    "internal",
    "restricted",
    "regulated"
   ]
  },
  "breadth": {
   "description": "narrow, moderate or broad.",
   "enum": [
    "narrow",
    "moderate",
    "broad"
   ]
  },
  "gate": {
   "description": "auto-approve below 8, manual-review from 8, blocked from 12.",
   "enum": [
    "auto-approve",
    "manual-review",
    "blocked"
   ]
  },
  "factor": {
   "description": "One scored factor: its value, its points and why.",
   "type": "object",
   "required": [
    "value",
    "points",
    "evidence"
   ],
   "properties": {
    "value": {
     "description": "Factor value."
    },
    "points": {
     "description": "Points this value scores."
    },
    "evidence": {
     "description": "Why this value (file:line references, never data).",
     "type": "array",
     "items": {
      "type": "string"
     }
    }
   },
   "unevaluatedProperties": false
  },
  "flowItem": {
   "description": "A data source, store or sink.",
   "type": "object",
   "required": [
    "kind",
    "name"
   ],
   "additionalProperties": false,
   "properties": {
    "kind": {
     "description": "http, webhook, slack-event, spreadsheet, queue, schedule, database, object-storage, cache, saas, chat, email, unknown, ...",
     "type": "string"
    },
    "name": {
     "description": "What it is (PostgreSQL, Google Sheets, hooks.slack.com, ...).",
     "type": "string"
    },
    "origin": {
     "description": "inferred or declared.",
     "enum": [
      "inferred",
      "declared"
     ]
    },
    "note": {
     "description": "The owner's note.",
     "type": "string"
    },
    "evidence": {
     "description": "Where it was found.",
     "type": "array",
     "items": {
      "$ref": "#/$defs/evidence"
     }
    }
   }
  },
  "revocationItem": {
   "description": "Something to revoke.",
   "type": "object",
   "required": [
    "name"
   ],
   "additionalProperties": false,
   "properties": {
    "name": {
     "description": "Name of the credential, role, account or secret (never its value).",
     "type": "string"
    },
    "kind": {
     "description": "What it is (env-var, hardcoded, iam-role, k8s-role, k8s-serviceaccount, k8s-secret, secret-manager, ...).",
     "type": "string"
    },
    "origin": {
     "description": "inferred or declared.",
     "enum": [
      "inferred",
      "declared"
     ]
    },
    "file": {
     "$ref": "#/$defs/file"
    },
    "line": {
     "$ref": "#/$defs/line"
    }
   }
  },
  "signal": {
   "description": "Whether an observability signal was found, and where.",
   "type": "object",
   "required": [
    "found",
    "evidence"
   ],
   "additionalProperties": false,
   "properties": {
    "found": {
     "description": "Whether it was found.",
     "type": "boolean"
    },
    "evidence": {
     "description": "Where.",
     "type": "array",
     "items": {
      "$ref": "#/$defs/evidence"
     }
    }
   }
  },
  "ecosystem": {
   "description": "A package ecosystem whose dependency manifests and lock files are recognised.",
   "enum": [
    "npm",
    "pypi",
    "go",
    "maven",
    "cargo",
    "rubygems",
    "composer",
    "nuget"
   ]
  }
 }
};
