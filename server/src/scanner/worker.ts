/**
 * The scanner's worker-thread side. Phase 1 (`facts`): parse a file and return the facts it publishes,
 * keeping the parse. `model`: the facts of every file. Phase 2 (`analyse`): analyse a file, reusing the
 * parse of phase 1. Messages are handled one at a time, in order.
 */
import type * as WorkerThreads from 'worker_threads';
import { analyze, DocumentContext, documentFacts, normalizeSettings, SETTINGS, WorkspaceIndex, WorkspaceModel, type Problem } from '../engine';
import type { WorkerInit } from './pool';
import { initHcl } from '../engine/formats/hcl';

/** Parses kept from phase 1 for phase 2, while they fit. */
const KEEP_CHARS = 48 * 1024 * 1024;

type Message = { id: number; type: 'facts' | 'model' | 'analyse'; path?: string; text?: string; model?: Array<[string, Array<[string, unknown[]]>]> };

export async function runScanWorker(init: WorkerInit): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { parentPort } = require('worker_threads') as typeof WorkerThreads;
  const folder = new WorkspaceIndex(init.root, { trusted: init.trusted, ignore: init.ignore });
  let model = new WorkspaceModel(folder.root);
  const settings = normalizeSettings(init.settings, SETTINGS);
  const contexts = new Map<string, DocumentContext>();
  let kept = 0;
  const ready = (async () => {
    const prepared = await folder.prepare();
    await initHcl().catch(() => undefined);
    return prepared;
  })();
  let queue: Promise<void> = Promise.resolve();
  const handle = async (m: Message): Promise<unknown> => {
    const prepared = await ready;
    switch (m.type) {
      case 'facts': {
        const ctx = new DocumentContext({ path: m.path!, text: m.text! }, { transient: true });
        const facts = documentFacts(ctx);
        if (kept + ctx.text.length <= KEEP_CHARS) {
          contexts.set(ctx.path, ctx);
          kept += ctx.text.length;
        }
        return { facts };
      }
      case 'model':
        model = WorkspaceModel.fromSnapshot(folder.root, m.model ?? []);
        return {};
      case 'analyse': {
        const problems: Problem[] = [];
        const context = contexts.get(m.path!);
        contexts.delete(m.path!);
        const r = await analyze(
          { path: m.path!, text: m.text! },
          { workspace: folder, settings, model, familyOptions: prepared.options, onProblem: (message, o) => problems.push({ message, ...o }), context, wholeFile: true, transient: true },
        );
        return { result: { findings: r.findings, deps: [...r.deps], problems } };
      }
    }
  };
  parentPort!.on('message', (m: Message) => {
    queue = queue.then(async () => {
      try {
        parentPort!.postMessage({ id: m.id, ...((await handle(m)) as object) });
      } catch (e) {
        parentPort!.postMessage({ id: m.id, error: (e as Error).message.split('\n')[0] });
      }
    });
  });
}
