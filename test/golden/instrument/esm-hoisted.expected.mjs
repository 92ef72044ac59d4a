#!/usr/bin/env node
"use strict";import{c as __bf_c,w as __bf_w}from"bunfuzz-counters:8:esm-hoisted.mjs";var __bf_h;function __bf_i(){__bf_h=globalThis.__bunfuzz_module("esm-hoisted.mjs",8,0,[],[],0);return __bf_h.c}__bf_i();
import { dep } from "./dep.js";
export function early(x) {__bf_c[0]=1; return x ? (__bf_c[1]=1,dep) : (__bf_c[2]=1,0); }
export default function () {__bf_c[3]=1; return 1; }
function local() {__bf_c[4]=1;}
function privateHelper() {__bf_c[5]=1;}
export const late = () => (__bf_c[6]=1,early(1));
function viaSpecifier() {__bf_c[7]=1;}
export { viaSpecifier, local as renamed };
