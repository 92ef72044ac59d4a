#!/usr/bin/env node
"use strict";
import { dep } from "./dep.js";
export function early(x) { return x ? dep : 0; }
export default function () { return 1; }
function local() {}
function privateHelper() {}
export const late = () => early(1);
function viaSpecifier() {}
export { viaSpecifier, local as renamed };
