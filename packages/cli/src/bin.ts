#!/usr/bin/env node
/** @module vfido CLI entry point (issue 6 builds the commands). */
console.log("vfido: the CLI commands arrive with issue 6");
