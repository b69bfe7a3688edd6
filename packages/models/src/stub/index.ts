/** The local model stub (`masec llm-stub`): start it in-process for tests, or from the command line. */
export { StubServer, startStub } from './server.js';
export type { StubLogEntry, StubServerOptions, StubStats } from './server.js';
export { ACKNOWLEDGEMENT, answerRequest, findInstruction, requestDraw, stubTokens } from './behaviours.js';
export type { ScriptRule, StubAnswer, StubBehaviour, StubMessage, StubRequest, StubTool, StubToolCall } from './behaviours.js';
export { FAULT_KINDS, faultFor, parseFault } from './faults.js';
export type { FaultKind, StubFault } from './faults.js';
export { dataBlocks, recogniseInstruction } from './instructions.js';
export { collusivePrice, priceAnswer, pricingTool } from './pricing.js';
export type { DataBlock, FoundInstruction, Recogniser } from './instructions.js';
export { parseBehaviour, readScript } from './script.js';
export { hideByCapitals, readCapitals, rewriteText } from './collusion.js';
