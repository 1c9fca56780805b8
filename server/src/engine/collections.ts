/** Appends to the list a map holds for `key` (made when missing), in place: grouping n items costs n steps. */
export function addTo<K, V>(map: Map<K, V[]>, key: K, ...values: V[]): void {
  const list = map.get(key);
  // One at a time: a spread of hundreds of thousands of values would overflow the call stack.
  if (list) for (const v of values) list.push(v);
  else map.set(key, values);
}
