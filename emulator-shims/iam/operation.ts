import type { QueryParams, Scope } from '../shared/index.js';
import type { IamStore } from './store.js';

export interface IamContext {
  store: IamStore;
  scope: Scope;
  params: QueryParams;
  now: () => number;
}

/** One IAM action: validates, changes the store, answers the inner XML of `<ActionResult>` (undefined: none). */
export type IamOperation = (context: IamContext) => string | undefined;
