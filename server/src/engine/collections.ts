/** Appends to the list a map holds for `key` (made when missing), in place: grouping n items costs n steps. */
export function addTo<K, V>(map: Map<K, V[]>, key: K, ...values: V[]): void {
  const list = map.get(key);
  if (list) list.push(...values);
  else map.set(key, values);
}
