import type { Grammar } from './CompileContext';
import { compileExpr } from './compileExpression';
import { compileSelect } from './compileSelect';

/** The real compilers behind CompileContext.compileExpr / compileSelect (see Grammar). */
export const GRAMMAR: Grammar = { expr: compileExpr, select: compileSelect };
