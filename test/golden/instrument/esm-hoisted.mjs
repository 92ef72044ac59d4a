#!/usr/bin/env node
"use strict";
import { dep } from "./dep.js";
export function early(x) { return x ? dep : 0; }
export default function () { return 1; }
function local() {}
export const late = () => early(1);
