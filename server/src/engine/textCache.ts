/**
 * Results cached by the text they were computed from (a parse of a YAML document, a chunk's findings, a
 * CloudFormation resource's check). Long keys are held as a hash; the cache is bounded by the characters of
 * the texts it stands for, so a long-running server does not grow with every keystroke.
 */
import { createHash } from './nodeCrypto';
import { flatString } from './text';

export class TextCache<V> {
  private readonly map = new Map<string, { v: V; chars: number }>();
  private chars = 0;
  constructor(private readonly limitChars = 32 * 1024 * 1024) {}

  private static hash(key: string): string {
    return key.length < 128 ? key : createHash('sha1').update(key).digest('base64') + key.length;
  }

  /** The key as kept: a short one as its own copy (a slice of a document would keep the document alive). */
  private static kept(key: string): string {
    return key.length < 128 ? flatString(key) : TextCache.hash(key);
  }

  get(key: string): V | undefined {
    const h = TextCache.hash(key);
    const e = this.map.get(h);
    if (e !== undefined) {
      this.map.delete(h);
      this.map.set(h, e);
    }
    return e?.v;
  }

  /**
   * `weight`: what the entry costs, in characters (default: its text's length); a result much larger than its text
   * (a chunk of 1,000 lines with a finding on each) says so, or the cache would hold far more than its limit says.
   */
  set(key: string, v: V, weight = key.length): void {
    const h = TextCache.kept(key);
    const prev = this.map.get(h);
    if (prev) this.chars -= prev.chars;
    this.map.delete(h);
    this.map.set(h, { v, chars: weight });
    this.chars += weight;
    while (this.chars > this.limitChars && this.map.size > 1) {
      const [oldest, e] = this.map.entries().next().value as [string, { chars: number }];
      this.map.delete(oldest);
      this.chars -= e.chars;
    }
  }
}
