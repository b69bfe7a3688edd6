// What the flood (flood.ts) uses of Node's built-in modules, typed here because this package compiles without
// Node's type library (it must stay runtime-neutral; only the testing subpath runs on Node). Where Node's
// types are loaded too (the repository-wide type check), these declarations merge with them.
declare module 'node:v8' {
  export function setFlagsFromString(flags: string): void;
}
declare module 'node:vm' {
  export function runInNewContext(code: string): unknown;
}
