/** Metadata of the oauth family's rules (the registry, docs/rules.md, SARIF and the CLI read it). */
import type { RuleMeta } from '../../types';

const WHERE =
  'Read in Slack app manifests (`oauth_config.scopes.bot` / `.user`), Apps Script `appsscript.json` (`oauthScopes`), Entra app registrations (the app manifest\'s `requiredResourceAccess` by permission id, Terraform `azuread_application` / `azuread_application_api_access`), GitHub App manifests (`default_permissions`), and scope lists in code (`scopes: [...]`, `SCOPES = [...]`, `user_scopes=`, MSAL `scopes`, `scope=` in OAuth URLs, Google scope URLs anywhere). Each scope is judged with the shipped catalogue (see "OAuth scope classes" below).';

export const OAUTH_RULES: readonly RuleMeta[] = [
  {
    id: 'iam/oauth-broad-scope',
    category: 'iam',
    severity: 'warning',
    title: 'OAuth scope broader than a micro-app needs',
    description:
      'A broad or admin OAuth scope: Slack `admin*`, `search:read`, legacy `client`/`bot`; Google full Gmail (`https://mail.google.com/`, `gmail.modify`), full Drive (`drive`), full Calendar, Workspace admin scopes, `cloud-platform`; Microsoft Graph `Directory.ReadWrite.All`, `*.ReadWrite.All`, mail, calendar and file permissions as application permissions (every mailbox of the tenant); GitHub `repo`, `admin:org`, `delete_repo`, `workflow`, and GitHub App write access to administration, secrets or workflows. Also Slack history scopes of three or more kinds of conversation at once. Admin scopes are errors. The message says what the scope lets the app do.',
    docs: `${WHERE} Creators copy examples: a bot that posts a summary seldom needs every channel's history, a script that writes one sheet does not need the whole Drive.`,
    fix: 'The quick-fix narrows the scope in place (drive -> drive.file, full Gmail -> gmail.send or gmail.readonly, Directory.ReadWrite.All -> User.Read.All, an application permission -> the delegated one, repo -> public_repo, a GitHub App write -> read), or removes it. Check the app still works: the narrower scope must cover what it does.',
    family: 'oauth',
  },
  {
    id: 'iam/oauth-personal-data',
    category: 'iam',
    severity: 'info',
    title: 'OAuth scope that reaches personal data',
    description: 'A scope that is not broad but reaches personal data: e-mail addresses, member profiles, message history, files, calendars, contacts, the directory. The registration manifest lists it among the data classes (PII) with the scope as evidence.',
    docs: `${WHERE} Broad scopes that reach personal data are reported by iam/oauth-broad-scope, whose message says so.`,
    fix: 'Keep it if the app needs it, and say so in the registration manifest; otherwise remove it.',
    family: 'oauth',
  },
  {
    id: 'iam/oauth-unused-scope',
    category: 'iam',
    severity: 'warning',
    title: 'OAuth scope that no code in the workspace uses',
    description:
      'A declared scope whose API no code of the workspace reaches, reported only when the workspace holds code for that platform (files that use its SDK or API) and the catalogue knows what using the scope looks like (method names such as `conversations.history`, service names such as `DriveApp` or `build("drive", ...)`, Graph paths). A Slack history scope counts as used when the app subscribes to the matching `message.*` event or code reads conversation history.',
    docs: 'Conservative on purpose: scopes without known uses (sign-in scopes, `commands`, webhooks) are never reported, nor are scopes of a platform the workspace has no code for (the code may live elsewhere). Editing the code re-diagnoses the manifest that declares the scope, and the other way round.',
    fix: 'Remove the scope (the quick-fix deletes it from the list, keeping the file valid).',
    family: 'oauth',
  },
  {
    id: 'iam/oauth-tenant-exposure',
    category: 'iam',
    severity: 'warning',
    title: 'App open beyond its own organisation, or acting as any user',
    description:
      'An Entra app registration whose sign-in audience is multi-tenant (`AzureADMultipleOrgs`, `AzureADandPersonalMicrosoftAccount`, `PersonalMicrosoftAccount`, or `availableToOtherTenants: true`); a Slack app with `org_deploy_enabled: true` (installed across an Enterprise Grid organisation); a public GitHub App (`public: true`); a Google service account impersonating users with `subject` (domain-wide delegation).',
    docs: 'A micro-app built for one team should be registered for its own tenant only. Domain-wide delegation lets a service account act as any user of the Google Workspace domain for the scopes an admin allowed, without their consent.',
    fix: 'Set `signInAudience` / `sign_in_audience` to `AzureADMyOrg`, `org_deploy_enabled` / `public` to false. For domain-wide delegation there is no text fix: use the user\'s own OAuth consent where a user is present, or keep the delegated scopes in the Admin console to the narrowest.',
    family: 'oauth',
  },
];
