/**
 * Editor features of every family (Family.editor): hover, completion, CodeLens and commands, served alike for
 * each registered family from the document's shared parse (engine documentContext). Adapter-level features that
 * need more than one document (the export's CodeLens with the score, its commands) plug in as `extras`.
 */
import { URI } from 'vscode-uri';
import type { CancellationToken, CodeLens, CompletionItem, Connection, ExecuteCommandParams, Hover, ServerCapabilities, TextDocuments } from 'vscode-languageserver';
import { CompletionItemKind, ErrorCodes, MarkupKind, ResponseError } from './protocol';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { documentContext, FAMILIES, type EditorContext, type EditorHover, type FamilyCommand } from '../engine';
import type { Session } from './session';

/** What an adapter-level feature adds to the families' (lsp/manifest.ts: the export). */
export interface FeatureExtras {
  /** Markdown appended to a family's hover. */
  hover?(doc: TextDocument, hover: EditorHover): Promise<string | undefined>;
  codeLenses?(doc: TextDocument): Promise<CodeLens[]>;
  commands?: readonly string[];
  execute?(p: ExecuteCommandParams, token?: CancellationToken): Promise<unknown>;
}

function familyCommands(): FamilyCommand[] {
  return FAMILIES.flatMap((f) => [...(f.editor?.commands ?? [])]);
}

/** What the editor features use of the session: folders and settings. */
export type EditorFeaturesHost = Pick<Session, 'folderFor' | 'folders' | 'log' | 'settingsFor'>;

export class EditorFeatureServer {
  constructor(
    private readonly s: EditorFeaturesHost,
    private readonly connection: Connection,
    private readonly documents: TextDocuments<TextDocument>,
    private readonly extras: FeatureExtras = {},
  ) {}

  capabilities(): Partial<ServerCapabilities> {
    const editors = FAMILIES.map((f) => f.editor).filter((e) => !!e);
    const triggers = [...new Set(editors.flatMap((e) => [...(e!.completionTriggers ?? [])]))];
    const commands = [...familyCommands().map((c) => c.id), ...(this.extras.commands ?? [])];
    return {
      ...(editors.some((e) => e!.hover) ? { hoverProvider: true } : {}),
      ...(editors.some((e) => e!.completions) ? { completionProvider: { triggerCharacters: triggers, resolveProvider: false } } : {}),
      ...(editors.some((e) => e!.codeLenses) || this.extras.codeLenses ? { codeLensProvider: { resolveProvider: false } } : {}),
      ...(commands.length ? { executeCommandProvider: { commands } } : {}),
    };
  }

  register(): void {
    this.connection.onHover(async (p) => this.hover(p.textDocument.uri, p.position));
    this.connection.onCompletion(async (p) => this.completion(p.textDocument.uri, p.position));
    this.connection.onCodeLens(async (p) => this.codeLens(p.textDocument.uri));
    this.connection.onExecuteCommand((p, token) => this.execute(p, token));
  }

  /** The context a family's editor hook sees, or undefined for a document that is not a file. */
  private async context(uri: string, position?: { line: number; character: number }): Promise<{ doc: TextDocument; ctx: EditorContext } | undefined> {
    const doc = this.documents.get(uri);
    if (!doc) return undefined;
    const u = URI.parse(uri);
    if (u.scheme !== 'file' && u.scheme !== 'untitled') return undefined;
    const fsPath = u.scheme === 'file' ? u.fsPath : u.path;
    const settings = await this.s.settingsFor(uri);
    const folder = this.s.folderFor(fsPath);
    const workspace = folder ? folder.model.view(fsPath, new Set()) : { query: () => [], dependOn: () => undefined, narrow: () => undefined };
    const ctx: EditorContext = {
      doc: documentContext({ path: fsPath, text: doc.getText(), languageId: doc.languageId }),
      offset: position ? doc.offsetAt(position) : 0,
      settings: settings.values,
      workspace,
    };
    return { doc, ctx };
  }

  async hover(uri: string, position: { line: number; character: number }): Promise<Hover | null> {
    const c = await this.context(uri, position);
    if (!c) return null;
    const parts: string[] = [];
    let range: { start: number; end: number } | undefined;
    for (const f of FAMILIES) {
      let h: EditorHover | undefined;
      try {
        h = f.editor?.hover?.(c.ctx);
      } catch (e) {
        this.s.log(`hover of the ${f.name} family failed: ${(e as Error).message}`);
      }
      if (!h) continue;
      range ??= h.range;
      let extra: string | undefined;
      try {
        extra = await this.extras.hover?.(c.doc, h);
      } catch {
        extra = undefined;
      }
      parts.push(extra ? `${h.markdown}\n\n---\n\n${extra}` : h.markdown);
    }
    if (!parts.length) return null;
    return {
      contents: { kind: MarkupKind.Markdown, value: parts.join('\n\n---\n\n') },
      ...(range ? { range: { start: c.doc.positionAt(range.start), end: c.doc.positionAt(range.end) } } : {}),
    };
  }

  async completion(uri: string, position: { line: number; character: number }): Promise<CompletionItem[]> {
    const c = await this.context(uri, position);
    if (!c) return [];
    const out: CompletionItem[] = [];
    for (const f of FAMILIES) {
      if (!f.editor?.completions) continue;
      try {
        for (const x of f.editor.completions(c.ctx)) {
          out.push({
            label: x.label,
            kind: x.kind === 'key' ? CompletionItemKind.Property : x.kind === 'value' ? CompletionItemKind.EnumMember : CompletionItemKind.Text,
            ...(x.detail ? { detail: x.detail } : {}),
            ...(x.documentation ? { documentation: { kind: MarkupKind.Markdown, value: x.documentation } } : {}),
            ...(x.insertText ? { insertText: x.insertText } : {}),
          });
        }
      } catch (e) {
        this.s.log(`completion of the ${f.name} family failed: ${(e as Error).message}`);
      }
    }
    return out;
  }

  async codeLens(uri: string): Promise<CodeLens[]> {
    const c = await this.context(uri);
    if (!c) return [];
    const out: CodeLens[] = [];
    for (const f of FAMILIES) {
      if (!f.editor?.codeLenses) continue;
      try {
        for (const l of f.editor.codeLenses(c.ctx)) {
          out.push({
            range: { start: c.doc.positionAt(l.range.start), end: c.doc.positionAt(l.range.end) },
            command: { title: l.title, command: l.command?.id ?? '', ...(l.command?.arguments ? { arguments: l.command.arguments } : {}) },
          });
        }
      } catch (e) {
        this.s.log(`code lenses of the ${f.name} family failed: ${(e as Error).message}`);
      }
    }
    if (this.extras.codeLenses) out.push(...(await this.extras.codeLenses(c.doc)));
    return out;
  }

  async execute(p: ExecuteCommandParams, token?: CancellationToken): Promise<unknown> {
    const cmd = familyCommands().find((c) => c.id === p.command);
    if (cmd) {
      const folder = this.s.folders[0];
      const settings = await this.s.settingsFor(folder ? URI.file(folder.index.root).toString() : 'file:///');
      return cmd.run(p.arguments ?? [], { settings: settings.values, workspace: folder ? folder.model.view('', new Set()) : { query: () => [], dependOn: () => undefined, narrow: () => undefined } });
    }
    if (this.extras.execute && (this.extras.commands ?? []).includes(p.command)) return this.extras.execute(p, token);
    throw new ResponseError(ErrorCodes.InvalidRequest, `unknown command ${p.command}`);
  }
}
