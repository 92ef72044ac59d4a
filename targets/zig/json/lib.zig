//! bunfuzz Zig target: std.json, instrumented with SanitizerCoverage.
//!
//! Two entry points over one check:
//!   * `LLVMFuzzerTestOneInput`: a libFuzzer-style harness (shape a), for `bunfuzz fuzz lib.so`;
//!   * `zig_json_check`: the same check with a plain C ABI (shape b), for a TypeScript harness
//!     that calls it through `bun:ffi`.
//!
//! Only Zig's standard library is used. A parser *error* is an ordinary result, never a finding.
//! A panic (a failed safety check, `unreachable`, or one of the invariants below) is a finding.
//!
//! The invariants, each a property std.json documents or implies:
//!   1. `std.json.validate` accepts exactly the documents that parse into a `std.json.Value`
//!      (apart from allocation failures). Duplicate keys are parsed with `.use_last`: with the
//!      default `.@"error"` the parser stops at the first duplicate, before it has seen the rest.
//!   2. stringifying a parsed `Value` gives JSON that parses again;
//!   3. stringification is a fixed point after one round: print(parse(print(v))) == print(v).
//! Stringify asserts a nesting depth of at most 256 in safe builds (a documented precondition), so
//! deeper documents skip steps 2 and 3.

const std = @import("std");
const json = std.json;

/// All allocations of one call come from this buffer, reset at each call: no syscalls on the hot
/// path, and a bounded footprint (an `OutOfMemory` is a resource limit, not a finding).
var heap: [8 << 20]u8 = undefined;
var out1: [1 << 20]u8 = undefined;
var out2: [1 << 20]u8 = undefined;

const parse_options: json.ParseOptions = .{ .duplicate_field_behavior = .use_last };

/// Stringify's documented depth limit in safe builds.
const max_stringify_depth = 256;

/// The result of one check, as returned by `zig_json_check`.
const Verdict = enum(c_int) {
    invalid = 0, // not JSON
    valid = 1, // parsed, and the round trip held
    limit = 2, // valid so far, but a resource limit (memory, output size, depth) stopped the check
};

fn nestingDepth(gpa: std.mem.Allocator, data: []const u8) !usize {
    var scanner = json.Scanner.initCompleteInput(gpa, data);
    defer scanner.deinit();
    var depth: usize = 0;
    var max: usize = 0;
    while (true) {
        switch (try scanner.next()) {
            .object_begin, .array_begin => {
                depth += 1;
                max = @max(max, depth);
            },
            .object_end, .array_end => depth -= 1,
            .end_of_document => return max,
            else => {},
        }
    }
}

fn stringify(v: json.Value, buf: []u8) ?[]const u8 {
    var w: std.Io.Writer = .fixed(buf);
    json.Stringify.value(v, .{}, &w) catch return null; // output buffer full
    return w.buffered();
}

fn check(data: []const u8) Verdict {
    var fba = std.heap.FixedBufferAllocator.init(&heap);
    const gpa = fba.allocator();

    const valid = json.validate(gpa, data) catch return .limit;
    const value = json.parseFromSliceLeaky(json.Value, gpa, data, parse_options) catch |err| switch (err) {
        error.OutOfMemory => return .limit,
        else => {
            if (valid) @panic("std.json: validate accepts a document that does not parse into a Value");
            return .invalid;
        },
    };
    if (!valid) @panic("std.json: a document parses into a Value but validate rejects it");

    const depth = nestingDepth(gpa, data) catch |err| switch (err) {
        error.OutOfMemory => return .limit,
        else => @panic("std.json: the scanner rejects a document the parser accepted"),
    };
    if (depth > max_stringify_depth) return .limit;

    const text1 = stringify(value, &out1) orelse return .limit;
    const again = json.parseFromSliceLeaky(json.Value, gpa, text1, parse_options) catch |err| switch (err) {
        error.OutOfMemory => return .limit,
        else => @panic("std.json: the stringified Value does not parse again"),
    };
    const text2 = stringify(again, &out2) orelse return .limit;
    if (!std.mem.eql(u8, text1, text2)) @panic("std.json: stringify(parse(stringify(v))) differs from stringify(v)");
    return .valid;
}

fn slice(ptr: ?[*]const u8, len: usize) []const u8 {
    return if (ptr) |p| p[0..len] else &.{};
}

/// libFuzzer entry point (shape a). Always returns 0: every input is kept for its coverage.
export fn LLVMFuzzerTestOneInput(data: ?[*]const u8, size: usize) callconv(.c) c_int {
    _ = check(slice(data, size));
    return 0;
}

/// Plain C ABI entry point (shape b): 0 = not JSON, 1 = valid and round-trips, 2 = a resource
/// limit stopped the check. Panics (aborts the process) on a std.json inconsistency.
export fn zig_json_check(ptr: ?[*]const u8, len: usize) callconv(.c) c_int {
    return @intFromEnum(check(slice(ptr, len)));
}
