// The inventory: every package an image (or a plain project) would install, located and explained.
// Its JSON rendering is specified by docs/inventory.schema.json.
import type { Diagnostic, ManifestKind, PackageRef } from '../model';

export const INVENTORY_SCHEMA_VERSION = '1.0';

export type ImageStatus = 'active' | 'deprecated' | 'devonly';

/** Why a package that a manifest names will not be installed, so it is listed but not checked. */
export interface SkipReason {
  code: 'marker-false' | 'overridden' | 'constraint-only' | 'dev-only';
  message: string;
}

export interface InventoryEntry extends PackageRef {
  /** The image (folder name) this package ends up in; absent outside image scans. */
  image?: string;
  /** For inherited packages: the base image that declares it. */
  inheritedFrom?: string;
  /** `included` packages are checked; `skipped` ones are listed with the reason and not checked. */
  status: 'included' | 'skipped';
  skip?: SkipReason;
  /**
   * For a requirement written without an exact version: the release the resolver picked for it (then `version` is
   * that release and `specifier` stays as written), and how.
   */
  resolved?: { from: string; how: string };
  /** For npm packages the resolver placed: the folder npm installs it in (`node_modules/a/node_modules/b`). */
  installPath?: string;
}

export interface ManifestRecord {
  file: string;
  kind: ManifestKind;
  /** The image folder the manifest belongs to, if any. */
  image?: string;
  /** How many package records the file holds (before marker evaluation). */
  packages: number;
  /** Per group (`default`, `develop`, `main`, …) counts. */
  groups: Record<string, number>;
  /** Why this file is the source of truth, or why it was not used. */
  role: 'source-of-truth' | 'manifest' | 'dockerfile' | 'include' | 'not-used';
  note?: string;
  /** For an include: the file whose `-r`/`-c` chain (or whose `pip install`) reads it; one pip run installs both. */
  includedBy?: string;
}

export interface BaseImageRef {
  /** The `FROM` value as written (`demisto/python3:3.12.13.10404775`). */
  image: string;
  file: string;
  line: number;
  /** The folder of the same tree that builds this base, when there is one. */
  inTree?: string;
}

export interface ImageInfo {
  name: string;
  dir: string;
  status: ImageStatus;
  version?: string;
  deprecatedReason?: string;
  /** Python version used to evaluate markers, and where it came from. */
  python?: { version: string; source: string };
  /** The final stage's base image. */
  base?: BaseImageRef;
  /** Base images in the tree, nearest first (`['crypto', 'python3']`). */
  baseChain: string[];
  /** The file(s) whose packages this image installs, as the real build chooses them. */
  sourceOfTruth: string[];
  packages: { own: number; inherited: number; skipped: number };
  /** Set when the image installs no package at all (own or inherited): why, so a report can say which images had nothing to check. */
  nothingToCheck?: string;
}

export interface InventorySummary {
  manifests: number;
  images: number;
  /** Package records counted once where they are declared (inherited copies not counted). */
  declaredPackages: number;
  includedPackages: number;
  skippedPackages: number;
  unvettablePackages: number;
  distinctNames: number;
  /** Entries per manifest kind and group, counted where declared: `{"Pipfile.lock": {"default": 2898}}`. */
  entriesByKind: Record<string, Record<string, number>>;
  /** Distinct normalized names across lock files (Pipfile.lock, poetry.lock, package-lock.json). */
  distinctLockedNames: number;
  /** Error diagnostics: input that could not be read (a bad line, a missing, remote or refused include or file). */
  inputErrors: number;
  /** `incomplete` when an input could not be read (`inputErrors`) or a package to install has no readable name (a shell expansion); else `complete`. */
  outcome: 'complete' | 'incomplete';
}

export interface Inventory {
  schemaVersion: typeof INVENTORY_SCHEMA_VERSION;
  roots: string[];
  manifests: ManifestRecord[];
  images: ImageInfo[];
  packages: InventoryEntry[];
  diagnostics: Diagnostic[];
  summary: InventorySummary;
}
