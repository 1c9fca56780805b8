/** What a family's fixes see. */
import type { DocumentContext } from '../document';
import type { FactsView } from '../model';
import type { DocumentInput, WorkspaceView } from '../types';

export interface FixContext {
  doc: DocumentContext;
  /** The plain input (path, text, languageId). */
  input: DocumentInput;
  /** The folder around the document (reads see open, unsaved buffers when the adapter provides them). */
  folder?: WorkspaceView;
  /** Facts of the other files (a NetworkPolicy generator reads the app's endpoints). */
  facts?: FactsView;
  /** Every declared setting's value. */
  settings: Record<string, unknown>;
  /** Per-request memo shared by the fixes of many findings (fix-all): families key their own entries. */
  memo: Map<string, unknown>;
}
