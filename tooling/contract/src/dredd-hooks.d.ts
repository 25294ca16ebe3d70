// The part of Dredd's hooks API (the `hooks` module Dredd injects into hook files) that hooks.cjs uses.
declare module 'hooks' {
  namespace hooks {
    interface Transaction {
      name: string;
      fullPath: string;
      origin: { resourceName: string; actionName: string; exampleName: string };
      request: { method: string; uri: string; headers: Record<string, string>; body: string };
      expected: { statusCode: string; headers?: Record<string, string>; body?: string };
      real?: { statusCode: number; headers: Record<string, string>; body: string };
      test?: { valid?: boolean; message?: string };
      skip: boolean;
      fail: boolean | string;
    }
  }
  type Hook = (transaction: hooks.Transaction, done: () => void) => void;
  const hooks: {
    beforeAll(hook: (transactions: hooks.Transaction[], done: () => void) => void): void;
    beforeEach(hook: Hook): void;
    afterEach(hook: Hook): void;
    log(message: string): void;
  };
  export = hooks;
}
