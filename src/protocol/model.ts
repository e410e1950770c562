// The shape of what scripts/gen-model.ts writes into src/generated/: the facts of a
// botocore service model (bindings, shapes, constraints, errors, pagination) without its
// documentation. Everything in protocol/ is driven by these tables.

export type ServiceName = 'connect' | 'connectparticipant';

export interface ServiceModel {
  service: ServiceName;
  apiVersion: string;
  signingName: string;
  operations: Record<string, OperationModel>;
  shapes: Record<string, ShapeModel>;
}

export interface OperationModel {
  method: string;
  /** URI template, e.g. `/instance/{InstanceId}/attribute/{AttributeType}` */
  uri: string;
  input?: string;
  output?: string;
  /** names of the error shapes the operation declares */
  errors: string[];
  /** the input member the SDKs fill with a fresh UUID when the caller leaves it out */
  idempotencyToken?: string;
  paginator?: PaginatorModel;
}

export interface PaginatorModel {
  inputToken: string;
  outputToken: string;
  limitKey?: string;
  resultKey: string[];
}

export type Bound = number | bigint;

export interface MemberModel {
  target: string;
  /** where the member travels when it is not in the JSON body */
  location?: 'uri' | 'querystring' | 'header';
  /** the label, query key or header name */
  name?: string;
  idempotencyToken?: true;
}

export interface StructureShape {
  type: 'structure';
  members: Record<string, MemberModel>;
  required?: string[];
  /** exactly one member must be set */
  union?: true;
  /** HTTP status of an error shape */
  error?: number;
}

export interface ListShape { type: 'list'; member: string; min?: number; max?: number }
export interface MapShape { type: 'map'; key: string; value: string; min?: number; max?: number }
export interface StringShape {
  type: 'string';
  min?: number;
  max?: number;
  enum?: string[];
  /** the model's pattern as written, for messages */
  pattern?: string;
  /** the same pattern as an ECMAScript regular expression */
  regex?: { source: string; flags: string };
  /** never echoed in messages */
  sensitive?: true;
}
export interface NumberShape { type: 'integer' | 'long' | 'double' | 'float'; min?: Bound; max?: Bound }
export interface BlobShape { type: 'blob'; min?: number; max?: number }
export interface SimpleShape { type: 'boolean' }
export interface TimestampShape { type: 'timestamp'; format?: 'iso8601' | 'unixTimestamp' | 'rfc822' }

export type ShapeModel =
  | StructureShape
  | ListShape
  | MapShape
  | StringShape
  | NumberShape
  | BlobShape
  | SimpleShape
  | TimestampShape;
