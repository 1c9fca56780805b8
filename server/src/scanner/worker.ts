/** The scanner's worker-thread side: analyses the files the pool sends. */
import { parentPort } from 'worker_threads';
import { analyze, normalizeSettings, SETTINGS, WorkspaceIndex, WorkspaceModel } from '../engine';
import type { WorkerInit } from './pool';
import { initHcl } from '../engine/formats/hcl';

export async function runScanWorker(init: WorkerInit): Promise<void> {
  const folder = new WorkspaceIndex(init.root, { trusted: init.trusted, ignore: init.ignore });
  const model = WorkspaceModel.fromSnapshot(folder.root, init.model);
  const settings = normalizeSettings(init.settings, SETTINGS);
  const prepared = await folder.prepare();
  await initHcl().catch(() => undefined);
  parentPort!.on('message', async (m: { id: number; path: string; text: string }) => {
    const problems: string[] = [];
    try {
      const r = await analyze(
        { path: m.path, text: m.text },
        { workspace: folder, settings, model, familyOptions: prepared.options, onProblem: (p) => problems.push(p) },
      );
      parentPort!.postMessage({ id: m.id, result: { findings: r.findings, deps: [...r.deps], problems } });
    } catch (e) {
      parentPort!.postMessage({ id: m.id, error: (e as Error).message.split('\n')[0] });
    }
  });
}
