import { convertValue, type ConvertMode, type Stored } from './convertValue';
import { typeKey } from './sqlTypes';
import type { SqlType } from './types';

/**
 * Conversions the compiler could not express in plain SQLite SQL, numbered so compiled SQL can call
 * `uh_conv(value, id)`. Shared by every connection of an engine; ids never change once given.
 */
export class Conversions {
  private readonly ids = new Map<string, number>();
  readonly fns: ((v: Stored) => Stored)[] = [];

  id(from: SqlType, to: SqlType, mode: ConvertMode, style?: number): number {
    const key = `${typeKey(from)}>${typeKey(to)}:${mode}:${style ?? ''}`;
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.fns.length;
      this.fns.push((v) => convertValue(v, from, to, mode, style));
      this.ids.set(key, id);
    }
    return id;
  }
}
