// The shell analyzer lives in ./shell/ (parser, walker, verb rules); this is its entry point.
export { analyzeShell } from './shell/analyze';
