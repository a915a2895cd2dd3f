// Runs one execution of an Amazon States Language definition locally with aws-local-stepfunctions 3.0.0,
// every Task state dispatched to a Lambda-invoke endpoint (com.beatgen.local.asl.LocalLambdaServer, or
// `sam local start-lambda`).
//
// Called as:   node run-execution.mjs < request.json        (cwd: local/asl, after `npm ci`)
// Request (one JSON document on stdin):
//   {"definitionPath": "statemachine/beat-generation.asl.json",   absolute, or relative to the cwd
//    "substitutions": {"StartRunFunctionArn": "arn:aws:lambda:...:function:StartRun", ...},  keys with or without ${}
//    "input": {...}, "executionName": "run-1", "endpoint": "http://127.0.0.1:PORT",
//    "stateMachineName": "beat-generation",   optional, default: the file name without .asl.json / .json
//    "waitMs": 5,                             optional: every Wait state waits this long instead
//    "retryIntervalMs": 5,                    optional: every Retry interval becomes this long (no backoff)
//    "causeFormat": "message"}                optional: a Lambda function error's Cause is its errorMessage
//                                             ("message", default) or, as in AWS, the whole error payload as
//                                             a JSON string ("payload")
// Output (stdout): one JSON line per history event,
//   {"type":"event","eventType":"StateEntered","stateName":"StartRun","stateType":"Task","timestamp":"...",
//    "input":...,"output":...,"error":...,"cause":...,"retryAttempt":...,"index":...}
// then exactly one result line:
//   {"type":"result","status":"SUCCEEDED","output":...}
//   {"type":"result","status":"FAILED"|"TIMED_OUT"|"ABORTED","error":"...","cause":"..."}
// Exit code 0 for any execution status; non-zero only when the runner itself cannot run (bad request, invalid
// definition, missing substitution, unsupported Task resource): then the reason is on stderr.

if (Number(process.versions.node.split('.')[0]) < 20) {
  process.stderr.write(`run-execution: Node.js 20 or later is needed, this is ${process.version}\n`);
  process.exit(2);
}

// aws-local-stepfunctions 3 declares node >= 22; the one Node 22 API it uses is Promise.withResolvers (Task timeouts).
// The polyfill has to be in place before the library is loaded, hence the dynamic import below.
if (typeof Promise.withResolvers !== 'function') {
  Object.defineProperty(Promise, 'withResolvers', {
    configurable: true,
    writable: true,
    value: function withResolvers() {
      let resolve;
      let reject;
      const promise = new this((res, rej) => {
        resolve = res;
        reject = rej;
      });
      return { promise, resolve, reject };
    },
  });
}

import { readFileSync } from 'node:fs';
import { basename, resolve as resolvePath } from 'node:path';

const { StateMachine, ExecutionError, ExecutionTimeoutError, ExecutionAbortedError } = await import(
  'aws-local-stepfunctions'
);

const REGION = 'us-east-1';
const ACCOUNT = '000000000000';
const LAMBDA_INVOKE = 'arn:aws:states:::lambda:invoke';
const LAMBDA_FUNCTION_ARN = /^arn:aws[a-z-]*:lambda:[^:]*:[^:]*:function:[^:]+(:[^:]+)?$/;
const PLACEHOLDER = /\$\{([A-Za-z0-9_.:-]+)\}/g;

class RunnerError extends Error {}

/** An error the state machine sees: `name` is what Retry/Catch match as Error, `message` becomes Cause. */
function stateError(name, message) {
  const error = new Error(message);
  error.name = name;
  return error;
}

function readStdin() {
  return readFileSync(0, 'utf8');
}

function substitute(value, substitutions, missing) {
  if (typeof value === 'string') {
    return value.replace(PLACEHOLDER, (whole, key) => {
      if (Object.prototype.hasOwnProperty.call(substitutions, key)) return String(substitutions[key]);
      missing.add(key);
      return whole;
    });
  }
  if (Array.isArray(value)) return value.map((v) => substitute(v, substitutions, missing));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, substitutions, missing)]));
  }
  return value;
}

/** Every state of the definition, nested Map/Parallel state machines included: [name, definition]. */
function* allStates(machine) {
  for (const [name, state] of Object.entries(machine.States ?? {})) {
    yield [name, state];
    if (state.Type === 'Map') {
      const inner = state.ItemProcessor ?? state.Iterator;
      if (inner) yield* allStates(inner);
    }
    if (state.Type === 'Parallel') {
      for (const branch of state.Branches ?? []) yield* allStates(branch);
    }
  }
}

function lambdaServiceError(status, text) {
  // The names AWS Step Functions gives to Lambda service failures (not function errors).
  let name = 'Lambda.AWSLambdaException';
  if (status === 404) name = 'Lambda.ResourceNotFoundException';
  else if (status === 429) name = 'Lambda.TooManyRequestsException';
  else if (status >= 500) name = 'Lambda.ServiceException';
  let message = text;
  try {
    const body = JSON.parse(text);
    message = body.Message ?? body.message ?? text;
  } catch {
    // not JSON: keep the text
  }
  return stateError(name, `Lambda returned HTTP ${status}: ${message}`);
}

function makeInvoker(endpoint, causeFormat) {
  const base = endpoint.replace(/\/+$/, '');
  return async function invoke(functionName, payload) {
    if (typeof functionName !== 'string' || functionName.length === 0) {
      throw stateError('States.Runtime', 'Task has no FunctionName');
    }
    const url = `${base}/2015-03-31/functions/${encodeURIComponent(functionName)}/invocations`;
    let response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-amz-invocation-type': 'RequestResponse' },
        body: JSON.stringify(payload === undefined ? {} : payload),
      });
    } catch (e) {
      throw stateError('Lambda.SdkClientException', `Cannot reach the Lambda endpoint ${base}: ${e.cause?.message ?? e.message}`);
    }
    const text = await response.text();
    if (response.status < 200 || response.status > 299) throw lambdaServiceError(response.status, text);
    let body = null;
    if (text.length > 0) {
      try {
        body = JSON.parse(text);
      } catch {
        throw stateError('Lambda.ServiceException', `Lambda returned a payload that is not JSON: ${text.slice(0, 200)}`);
      }
    }
    const functionError = response.headers.get('x-amz-function-error');
    if (functionError) {
      const errorType = body?.errorType ?? functionError;
      const errorMessage = body?.errorMessage ?? '';
      throw stateError(String(errorType), causeFormat === 'payload' ? text : String(errorMessage));
    }
    return body;
  };
}

/** A taskResourceLocalHandlers entry for one Task state, or a RunnerError for a resource we cannot run. */
function taskHandler(stateName, state, invoke) {
  const resource = state.Resource;
  if (resource === LAMBDA_INVOKE) {
    // Optimized integration: the effective input is the evaluated Parameters {FunctionName, Payload, ...}.
    return async (input) => {
      const payload = await invoke(input?.FunctionName, input?.Payload);
      return { ExecutedVersion: '$LATEST', Payload: payload, StatusCode: 200 };
    };
  }
  if (typeof resource === 'string' && LAMBDA_FUNCTION_ARN.test(resource)) {
    // Legacy integration: the function ARN is the resource, the state input is the payload, the result is the payload.
    return async (input) => invoke(resource, input);
  }
  throw new RunnerError(
    `Task state '${stateName}' uses resource '${resource}': only '${LAMBDA_INVOKE}' and Lambda function ARNs run locally`
  );
}

function emit(record) {
  process.stdout.write(`${JSON.stringify(record)}\n`);
}

function eventRecord(event) {
  const record = { type: 'event', eventType: event.type, timestamp: new Date(event.timestamp).toISOString() };
  const state = event.state ?? event.parentState;
  if (state) {
    record.stateName = state.name;
    record.stateType = state.type;
    if ('input' in state) record.input = state.input;
    if ('output' in state) record.output = state.output;
  }
  if (event.type === 'ExecutionStarted' && 'input' in event) record.input = event.input;
  if (event.type === 'ExecutionSucceeded' && 'output' in event) record.output = event.output;
  if ('Error' in event) record.error = event.Error;
  if ('Cause' in event) record.cause = typeof event.Cause === 'string' ? event.Cause : JSON.stringify(event.Cause);
  if (event.retry) record.retryAttempt = event.retry.attempt;
  if (event.index !== undefined) record.index = event.index;
  return record;
}

function failure(error) {
  if (error instanceof ExecutionTimeoutError) {
    return { status: 'TIMED_OUT', error: 'States.Timeout', cause: 'The execution exceeded its TimeoutSeconds' };
  }
  if (error instanceof ExecutionAbortedError) {
    return { status: 'ABORTED', error: 'States.Aborted', cause: error.message };
  }
  // ExecutionError wraps the error that ended the run: a Fail state's (name = Error, message = Cause) or the
  // uncaught error of a state (name = the error name, message = its cause).
  const cause = error instanceof ExecutionError && error.cause ? error.cause : error;
  return { status: 'FAILED', error: String(cause.name ?? 'Error'), cause: String(cause.message ?? '') };
}

async function main() {
  let request;
  try {
    request = JSON.parse(readStdin());
  } catch (e) {
    throw new RunnerError(`The request on stdin is not JSON: ${e.message}`);
  }
  const { definitionPath, endpoint } = request;
  if (!definitionPath) throw new RunnerError('definitionPath is required');
  if (!endpoint) throw new RunnerError('endpoint is required');

  const substitutions = {};
  for (const [key, value] of Object.entries(request.substitutions ?? {})) {
    substitutions[key.replace(/^\$\{(.*)\}$/, '$1')] = value;
  }
  const raw = JSON.parse(readFileSync(resolvePath(definitionPath), 'utf8'));
  const missing = new Set();
  const definition = substitute(raw, substitutions, missing);
  if (missing.size > 0) {
    throw new RunnerError(`No substitution for ${[...missing].map((m) => '${' + m + '}').join(', ')} in ${definitionPath}`);
  }

  const invoke = makeInvoker(endpoint, request.causeFormat ?? 'message');
  const taskResourceLocalHandlers = {};
  const waitTimeOverrides = {};
  const retryIntervalOverrides = {};
  for (const [name, state] of allStates(definition)) {
    if (state.Type === 'Task') taskResourceLocalHandlers[name] = taskHandler(name, state, invoke);
    if (state.Type === 'Wait' && request.waitMs != null) waitTimeOverrides[name] = Number(request.waitMs);
    if (Array.isArray(state.Retry) && request.retryIntervalMs != null) {
      retryIntervalOverrides[name] = Number(request.retryIntervalMs);
    }
  }

  const stateMachineName =
    request.stateMachineName ?? basename(definitionPath).replace(/\.asl\.json$|\.json$/, '');
  const executionName = request.executionName ?? crypto.randomUUID();
  const context = {
    Execution: {
      Id: `arn:aws:states:${REGION}:${ACCOUNT}:execution:${stateMachineName}:${executionName}`,
      Name: executionName,
      RoleArn: `arn:aws:iam::${ACCOUNT}:role/${stateMachineName}-role`,
      // Input and StartTime are set by the library when the run starts.
    },
    StateMachine: {
      Id: `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:${stateMachineName}`,
      Name: stateMachineName,
    },
  };

  let stateMachine;
  try {
    stateMachine = new StateMachine(definition, { validationOptions: { checkArn: true, checkPaths: true } });
  } catch (e) {
    throw new RunnerError(e.message);
  }
  const execution = stateMachine.run(request.input ?? {}, {
    context,
    overrides: { taskResourceLocalHandlers, waitTimeOverrides, retryIntervalOverrides },
  });
  const history = (async () => {
    for await (const event of execution.eventLogs) emit(eventRecord(event));
  })();

  let result;
  try {
    result = { status: 'SUCCEEDED', output: await execution.result };
  } catch (e) {
    result = failure(e);
  }
  await history;
  emit({ type: 'result', ...result });
}

try {
  await main();
  // In-flight invocations abandoned by a Task timeout must not keep the process alive.
  process.stdout.write('', () => process.exit(0));
} catch (e) {
  process.stderr.write(`run-execution: ${e instanceof RunnerError ? e.message : e?.stack ?? e}\n`);
  process.exit(2);
}
