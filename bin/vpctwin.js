#!/usr/bin/env node
import { entry } from './bundle.js';

const { main } = await import(await entry());
process.exitCode = await main(process.argv);
