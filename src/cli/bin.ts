#!/usr/bin/env node
import { PaimonSimError } from '../storage/errors.js';
import { main } from './main.js';

try {
  process.exitCode = main(process.argv.slice(2));
} catch (e) {
  console.error(e instanceof PaimonSimError ? `error: ${e.message}` : e);
  process.exitCode = 1;
}
