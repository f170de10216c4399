export { frameToLine, frameFromLine } from './frame-line';
export { headerToLine, SessionHeaderSchema, SESSION_FORMAT, SESSION_VERSION, type SessionHeader } from './header';
export { HeaderInferrer } from './infer-header';
export { parseSessionText, SessionLineParser, type SessionParseResult, type SessionProblem } from './parser';
