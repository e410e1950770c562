// Errors as handlers throw them. The protocol layer renders every one the AWS way: status
// from the model's error shape, `x-amzn-ErrorType`, and `{"Message": ...}` plus any modelled
// members, so SDKs raise the matching exception class.

export class ServiceError extends Error {
  constructor(
    /** the error shape's name, e.g. ResourceNotFoundException */
    readonly code: string,
    message: string,
    /** modelled members besides Message, e.g. ResourceType and ResourceId */
    readonly fields: Record<string, unknown> = {},
    /** only for errors outside the models (unknown path, unimplemented operation) */
    readonly status?: number,
  ) {
    super(message);
    this.name = code;
  }
}

/**
 * A bad request whose error name depends on the operation: AWS answers model-constraint
 * violations with InvalidParameterException where the operation declares it (else
 * InvalidRequestException), and semantically invalid combinations the other way round. The
 * participant service has only ValidationException. See the spec's wire-protocol §4.4.
 */
export class BadRequest extends Error {
  constructor(
    message: string,
    readonly kind: 'constraint' | 'semantic' = 'semantic',
  ) {
    super(message);
  }
}

export const notFound = (what: string, id: string): ServiceError =>
  new ServiceError('ResourceNotFoundException', `${what} not found: ${id}`);

export const duplicate = (message: string): ServiceError => new ServiceError('DuplicateResourceException', message);

export const unknownOperation = (method: string, path: string): ServiceError =>
  new ServiceError(
    'UnknownOperationException',
    `No operation of Amazon Connect or the Connect Participant Service matches ${method} ${path}`,
    {},
    404,
  );

export const notImplemented = (service: string, operation: string): ServiceError =>
  new ServiceError(
    'NotImplementedException',
    `${operation} (${service}) is part of the AWS API but connect-local does not implement it yet`,
    {},
    501,
  );
