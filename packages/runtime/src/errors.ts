/** A client used wrongly (missing credential, unknown server variable): thrown before any request. */
export class EchoClientConfigError extends Error {
  override readonly name = 'EchoClientConfigError';
}

/** An operation needs a credential the client was not given (e.g. echowin's agency key). */
export class EchoAuthError extends Error {
  override readonly name = 'EchoAuthError';
  constructor(
    message: string,
    readonly operationId: string | undefined,
    /** The security schemes that would satisfy the operation, one array per alternative. */
    readonly missing: string[][],
  ) {
    super(message);
  }
}
