// A published flow's content as the runner reads it: its actions by identifier. Parsed once per
// content (the same few flows run for every contact), so the hot path does no JSON walking.
export interface FlowCondition {
  Operator: string;
  Operands?: string[];
}

export interface FlowAction {
  Identifier: string;
  Type: string;
  Parameters?: Record<string, unknown>;
  Transitions?: {
    NextAction?: string;
    Errors?: { ErrorType: string; NextAction: string }[];
    Conditions?: { NextAction: string; Condition?: FlowCondition }[];
  };
}

export interface ParsedFlow {
  StartAction: string;
  byId: Map<string, FlowAction>;
}

const CACHE_SIZE = 256;
const cache = new Map<string, ParsedFlow>();

/** The content of a published flow (validated when it was published), parsed. */
export function parseFlowCached(content: string): ParsedFlow {
  let doc = cache.get(content);
  if (doc) return doc;
  const raw = JSON.parse(content) as { StartAction: string; Actions: FlowAction[] };
  doc = { StartAction: raw.StartAction, byId: new Map(raw.Actions.map((a) => [a.Identifier, a])) };
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
  cache.set(content, doc);
  return doc;
}
