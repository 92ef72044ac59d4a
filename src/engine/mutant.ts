import type { Testcase } from "../corpus/testcase.ts";
import { BF_MAX_MUTATIONS } from "../coverage/abi.ts";
import type { Dispatcher } from "../mutators/dispatch.ts";
import { toAscii } from "../mutators/bytes.ts";
import { sequenceName } from "../mutators/table.ts";
import type { CompareSource, MutationState, NativeMutationHooks, WordSource } from "../mutators/types.ts";
import type { WordList } from "../mutators/words.ts";
import type { Rng } from "../rng/rng.ts";
import type { Stage } from "../stages/types.ts";
import { copyBytes } from "../util/copyBytes.ts";
import type { EngineConfig } from "./config.ts";
import type { DiscardingExecutor } from "./executor.ts";
import type { LengthControl } from "./lengthControl.ts";

/** The dictionaries and hooks the mutators draw on, and the stage that may own a pick. */
export interface MutantSources {
  manual: WordSource;
  auto: WordList;
  compares: CompareSource;
  native?: NativeMutationHooks;
  /** A stage that may take a pick's inputs from its base instead of mutating (src/stages/). */
  stage?: Stage;
}

/**
 * The input in the slot while a pick runs: built from the pick's base by stacked mutations (or
 * taken from the stage that owns the pick), with its mutation log (the base's SHA-1, the RNG state
 * at the pick, the mutator ids) written to the shared header before every execution, so the
 * supervisor can always rebuild an input that crashed. Owns the mutation state; the slot's bytes
 * are the executor's (ex.input).
 */
export class Mutant {
  /** The mutators' state: the slot and its size (the input the next execution runs). */
  readonly ms: MutationState;
  private readonly ids: Uint8Array;
  /** Mutations applied to the input now in the slot (the mutation log's length; may exceed its 64 slots). */
  private logged = 0;
  /** The cross-over partner of the current pick. */
  private partner: Uint8Array | undefined;
  private base!: Testcase;
  private depthLeft = 0;
  private chained = 0;
  private readonly stage?: Stage;
  /** Whether the stage owns the current pick. */
  private staging = false;

  constructor(
    private readonly ex: DiscardingExecutor,
    private readonly cfg: EngineConfig,
    private readonly rng: Rng,
    private readonly dispatcher: Dispatcher,
    private readonly len: LengthControl,
    sources: MutantSources,
  ) {
    this.stage = sources.stage;
    this.ids = ex.header.mutationIds;
    this.ms = {
      data: ex.input,
      size: 0,
      maxSize: cfg.maxLen,
      scratch: new Uint8Array(ex.input.length),
      rng,
      otherInput: () => this.partner,
      manualDict: sources.manual,
      autoDict: sources.auto,
      compares: sources.compares,
      lastWord: new Uint8Array(256),
      lastWordLen: 0,
      native: sources.native,
    };
  }

  /** A pick begins: `base` in the slot, `partner` (or none) for cross-over, the stage asked to own it. */
  begin(base: Testcase, partner: Uint8Array | undefined): void {
    this.base = base;
    this.partner = partner;
    this.depthLeft = this.cfg.mutateDepth;
    this.chained = 0;
    this.reset();
    this.staging = this.stage !== undefined && this.stage.begin(base);
  }

  /**
   * Applies the next stacked mutation (resetting to the base at the chain limit: Go's
   * chained-mutation limit). Returns false when the pick has run its -mutate_depth mutants.
   */
  next(): boolean {
    if (this.staging) return this.nextStaged(this.stage!);
    if (this.depthLeft-- <= 0) return false;
    const limit = this.cfg.chainLimit;
    if (limit > 0 && this.chained === limit) { this.reset(); this.chained = 0; }
    this.ms.size = this.dispatcher.mutate(this.ms);
    if (this.cfg.onlyAscii) toAscii(this.ms.data, this.ms.size);
    this.chained++;
    const id = this.dispatcher.lastId;
    if (id >= 0) {
      if (this.logged < BF_MAX_MUTATIONS) this.ids[this.logged] = id;
      this.ex.header.mutationCount = ++this.logged;
    }
    return true;
  }

  /** For a pick a stage owns: its next input, logged as that many of the stage's edits. */
  private nextStaged(stage: Stage): boolean {
    const n = stage.next(this.ms);
    if (n < 0) return false;
    this.ms.size = n;
    const logged = stage.logTo ? stage.logTo(this.ids) : -1;
    if (logged >= 0) this.ex.header.mutationCount = this.logged = logged;
    else {
      for (let i = 0; i < Math.min(stage.edits, BF_MAX_MUTATIONS); i++) this.ids[i] = stage.mutatorId;
      this.ex.header.mutationCount = this.logged = stage.edits;
    }
    return true;
  }

  /**
   * Tells the stage that owns the pick (if one does) how its input's execution went (new features,
   * or -1 for a failed run). Returns whether a partial stage owns it: its runs reach only the
   * suffix's features, so new ones are kept but take nothing over.
   */
  ran(fresh: number): boolean {
    if (!this.staging) return false;
    this.stage!.ran(fresh);
    return this.stage!.partial === true;
  }

  /**
   * Whether the pick goes on after an input that reached new coverage: a partial stage owns it (its
   * runs reach only the suffix's features, so a find is no whole input to stage on its own).
   */
  get goesOn(): boolean {
    return this.staging && this.stage!.partial === true;
  }

  /** The pick is over. */
  end(): void {
    if (this.staging) { this.stage!.end(); this.staging = false; }
  }

  /** Copies the base into the slot and resets the per-input mutation state and log. */
  private reset(): void {
    const s = this.ms, base = this.base;
    copyBytes(s.data, 0, base.data, 0, base.data.length);
    s.size = base.data.length;
    s.maxSize = Math.min(this.cfg.maxLen, Math.max(base.data.length, this.len.limit));
    s.lastWordLen = 0;
    const h = this.ex.header;
    copyBytes(h.baseSha1, 0, base.sha1Bytes, 0, base.sha1Bytes.length);
    h.rngState.set(this.rng.state);
    h.mutationCount = this.logged = 0;
  }

  /** The input in the slot reached something: the mutators that made it get the credit (-mutator_weights). */
  credit(): void {
    this.dispatcher.credit(this.ids, Math.min(this.logged, BF_MAX_MUTATIONS));
  }

  /** The dictionary word the last mutation inserted, if any (kept in the auto dictionary when it found something). */
  lastWord(): Uint8Array | undefined {
    return this.ms.lastWordLen > 0 ? this.ms.lastWord.subarray(0, this.ms.lastWordLen) : undefined;
  }

  /** libFuzzer's tail of a NEW or REDUCE line: the input's length, the corpus's largest, the mutations. */
  tail(size: number, maxInputSize: number): string {
    return ` L: ${size}/${maxInputSize} MS: ${this.logged} ${sequenceName(this.ids, this.logged)}`;
  }
}
