// The npm resolver: the node_modules tree `npm install` (npm 7+, @npmcli/arborist's buildIdealTree) would build for
// a package.json, from packuments alone. Breadth first by depth then path; each dependency that is missing or out
// of range gets the version npm-pick-manifest picks (the `latest` dist-tag when it satisfies, else the highest
// satisfying, non-deprecated first) and is placed as shallow as it can go without breaking another dependent
// (arborist's PlaceDep/CanPlaceDep: KEEP an existing one that satisfies, REPLACE an older one every dependent
// accepts, else nest it deeper). peerDependencies are installed beside their dependent, optionalDependencies like
// the rest. Not modelled: engines and os/cpu (the image's Node is not known), bundled deps, overrides, workspaces,
// and arborist's peer-set replacement corner cases.
// https://github.com/npm/cli/tree/latest/workspaces/arborist/lib
import semver from 'semver';
import { normalizeNpmName } from '../normalize';
import type { ResolvedFromStep } from '../model';
import type { NpmClient } from '../registries/npm';
import type { Lookup } from './pypi-source';

export interface NpmManifest {
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  deprecated?: string;
}

export interface NpmPackumentDocument {
  name: string;
  'dist-tags': Record<string, string>;
  versions: Record<string, NpmManifest>;
}

export interface NpmPackumentSource {
  packument(name: string): Promise<Lookup<NpmPackumentDocument>>;
}

export type NpmEdgeType = 'prod' | 'dev' | 'optional' | 'peer' | 'peerOptional';

export interface NpmRootDependency {
  name: string;
  /** As package.json writes it (`^1.2.0`, `latest`, `*`). */
  spec: string;
  type: 'prod' | 'dev' | 'optional' | 'peer';
}

export interface NpmResolvedNode {
  name: string;
  normalizedName: string;
  version: string;
  /** `node_modules/a/node_modules/b`. */
  path: string;
  /** The direct dependency at the top of the chain that reaches it. */
  root: string;
  resolvedFrom: ResolvedFromStep[];
}

export interface NpmResolution {
  status: 'resolved' | 'conflict';
  message?: string;
  nodes: NpmResolvedNode[];
  problems: { kind: 'unavailable' | 'conflict'; name: string; reason: string; root?: string }[];
}

class Edge {
  constructor(
    readonly from: TreeNode,
    readonly name: string,
    readonly spec: string,
    readonly type: NpmEdgeType,
  ) {}

  get peer(): boolean {
    return this.type === 'peer' || this.type === 'peerOptional';
  }

  get optional(): boolean {
    return this.type === 'optional' || this.type === 'peerOptional';
  }

  get to(): TreeNode | undefined {
    return this.from.resolve(this.name);
  }

  satisfiedBy(node: TreeNode): boolean {
    return node.name === this.name && specAccepts(this.spec, node.version);
  }

  get valid(): boolean {
    const to = this.to;
    if (!to) return this.optional;
    if (this.peer && this.from === to.parent && !this.from.isTop) return false;
    return this.satisfiedBy(to);
  }
}

/**
 * arborist's dep-valid: `*` (or '') takes anything; a range or version is semver (loose); a dist-tag takes any
 * registry version (npm only checks that it came from the registry).
 */
function specAccepts(spec: string, version: string): boolean {
  const text = spec.trim() === '' ? '*' : spec.trim();
  if (text === '*') return true;
  if (semver.validRange(text, { loose: true }) !== null) return semver.satisfies(version, text, { loose: true });
  return true;
}

class TreeNode {
  readonly children = new Map<string, TreeNode>();
  readonly edgesOut = new Map<string, Edge>();
  parent: TreeNode | null = null;
  /** Its peer dependencies, picked with it (arborist's peer set), to be placed beside it. */
  readonly peerSet = new Map<string, TreeNode>();

  constructor(
    readonly tree: Tree,
    readonly name: string,
    readonly version: string,
    readonly isRoot = false,
  ) {}

  get isTop(): boolean {
    return this.parent === null;
  }

  get depth(): number {
    return this.parent === null ? 0 : this.parent.depth + 1;
  }

  get location(): string {
    return this.parent === null ? '' : `${this.parent.location === '' ? '' : `${this.parent.location}/`}node_modules/${this.name}`;
  }

  get inTree(): boolean {
    let node: TreeNode = this;
    while (node.parent) {
      if (node.parent.children.get(node.name) !== node) return false;
      node = node.parent;
    }
    return node.isRoot;
  }

  resolve(name: string): TreeNode | undefined {
    return this.children.get(name) ?? this.parent?.resolve(name);
  }

  *ancestry(): Generator<TreeNode> {
    for (let node: TreeNode | null = this; node; node = node.parent) yield node;
  }

  isDescendantOf(other: TreeNode): boolean {
    for (const node of this.ancestry()) if (node === other) return true;
    return false;
  }

  get edgesIn(): Edge[] {
    return this.tree.edgesInto(this);
  }

  matches(other: TreeNode): boolean {
    return other === this || (other.name === this.name && other.version === this.version);
  }

  satisfies(edge: Edge): boolean {
    return edge.satisfiedBy(this);
  }

  /** Whether `replacement` could stand in for this node for everything that depends on it. */
  canReplaceWith(replacement: TreeNode): boolean {
    if (replacement.name !== this.name) return false;
    const depSet = gatherDepSet([this], (e) => e.to !== this && e.valid);
    return this.edgesIn.every((edge) => depSet.has(edge.from) || edge.satisfiedBy(replacement));
  }

  canDedupe(): boolean {
    const grand = this.parent?.parent;
    if (!this.parent || !grand) return false;
    if (this.edgesIn.length === 0) return true;
    const other = grand.resolve(this.name);
    if (!other) return false;
    if (other.matches(this)) return true;
    if (!this.canReplaceWith(other)) return false;
    return semver.gte(other.version, this.version, { loose: true });
  }

  remove(): void {
    if (this.parent && this.parent.children.get(this.name) === this) this.parent.children.delete(this.name);
    this.parent = null;
  }
}

class Tree {
  readonly root: TreeNode;
  constructor() {
    this.root = new TreeNode(this, '', '', true);
  }

  nodes(): TreeNode[] {
    const out: TreeNode[] = [];
    const walk = (node: TreeNode) => {
      for (const child of [...node.children.values()].sort((a, b) => a.location.localeCompare(b.location, 'en'))) {
        out.push(child);
        walk(child);
      }
    };
    walk(this.root);
    return out;
  }

  edgesInto(node: TreeNode): Edge[] {
    const out: Edge[] = [];
    for (const from of [this.root, ...this.nodes()]) {
      const edge = from.edgesOut.get(node.name);
      if (edge && edge.to === node) out.push(edge);
    }
    return out;
  }
}

function gatherDepSet(set: TreeNode[], edgeFilter: (e: Edge) => boolean): Set<TreeNode> {
  const deps = new Set(set);
  for (const node of deps) {
    for (const edge of node.edgesOut.values()) {
      const to = edge.to;
      if (to && edgeFilter(edge)) deps.add(to);
    }
  }
  let changed = true;
  while (changed && deps.size > 0) {
    changed = false;
    for (const dep of deps) {
      for (const edge of dep.edgesIn) {
        if (!deps.has(edge.from) && edgeFilter(edge)) {
          changed = true;
          deps.delete(dep);
          break;
        }
      }
    }
  }
  return deps;
}

function deepestNestingTarget(start: TreeNode, name: string): TreeNode {
  for (const target of start.ancestry()) {
    if (target.isTop) return target;
    const edge = target.edgesOut.get(name);
    if (!edge || !edge.peer) return target;
  }
  return start;
}

type Placement = 'OK' | 'KEEP' | 'REPLACE' | 'CONFLICT';

/** npm-pick-manifest: the `latest` tag when it satisfies and is not deprecated, else the best satisfying version. */
export function pickVersion(packument: NpmPackumentDocument, spec: string): string | undefined {
  const text = spec.trim() === '' ? '*' : spec.trim();
  const tagged = packument['dist-tags'][text];
  if (tagged !== undefined && semver.validRange(text, { loose: true }) === null) return packument.versions[tagged] ? tagged : undefined;
  const range = semver.validRange(text, { loose: true }) !== null ? text : undefined;
  if (range === undefined) return undefined;
  const latest = packument['dist-tags']['latest'];
  if (latest !== undefined && (range === '*' || semver.satisfies(latest, range, { loose: true })) && packument.versions[latest] && !packument.versions[latest]!.deprecated) return latest;
  const candidates = Object.keys(packument.versions).filter((v) => semver.valid(v, { loose: true }) !== null && semver.satisfies(v, range, { loose: true }));
  candidates.sort((a, b) => {
    const da = packument.versions[a]!.deprecated ? 1 : 0;
    const db = packument.versions[b]!.deprecated ? 1 : 0;
    return da - db || semver.rcompare(a, b, { loose: true });
  });
  return candidates[0];
}

function edgesOf(node: TreeNode, manifest: NpmManifest): void {
  const peerOptional = new Set(Object.entries(manifest.peerDependenciesMeta ?? {}).filter(([, m]) => m?.optional).map(([n]) => n));
  const add = (deps: Record<string, string> | undefined, type: (name: string) => NpmEdgeType) => {
    for (const [name, spec] of Object.entries(deps ?? {})) {
      node.edgesOut.delete(name);
      node.edgesOut.set(name, new Edge(node, name, spec, type(name)));
    }
  };
  // arborist's order: peers, then dependencies and optionalDependencies (a later kind wins for the same name).
  add(manifest.peerDependencies, (name) => (peerOptional.has(name) ? 'peerOptional' : 'peer'));
  add(manifest.dependencies, () => 'prod');
  add(manifest.optionalDependencies, () => 'optional');
}

/** Resolves a package.json's dependencies to the tree npm would install. Never throws for registry faults. */
export async function resolveNpm(roots: NpmRootDependency[], source: NpmPackumentSource): Promise<NpmResolution> {
  return new IdealTree(source).build(roots);
}

interface PlaceCheck {
  target: TreeNode;
  canPlace: Placement;
}

class IdealTree {
  private readonly tree = new Tree();
  private readonly packuments = new Map<string, Promise<Lookup<NpmPackumentDocument>>>();
  private readonly problems: NpmResolution['problems'] = [];
  private failure: string | undefined;

  constructor(private readonly source: NpmPackumentSource) {}

  private packument(name: string): Promise<Lookup<NpmPackumentDocument>> {
    let pending = this.packuments.get(name);
    if (!pending) {
      pending = this.source.packument(name);
      this.packuments.set(name, pending);
    }
    return pending;
  }

  async build(roots: NpmRootDependency[]): Promise<NpmResolution> {
    const root = this.tree.root;
    const byType = (type: NpmRootDependency['type']) => Object.fromEntries(roots.filter((r) => r.type === type).map((r) => [r.name, r.spec]));
    edgesOf(root, { peerDependencies: byType('peer'), dependencies: byType('prod'), optionalDependencies: byType('optional') });
    for (const [name, spec] of Object.entries(byType('dev'))) {
      root.edgesOut.delete(name);
      root.edgesOut.set(name, new Edge(root, name, spec, 'dev'));
    }
    for (const edge of root.edgesOut.values()) void this.packument(edge.name);

    const queue: TreeNode[] = [root];
    const seen = new Set<TreeNode>();
    while (queue.length > 0 && this.failure === undefined) {
      queue.sort((a, b) => a.depth - b.depth || a.location.localeCompare(b.location, 'en'));
      const node = queue.shift()!;
      if (seen.has(node) || !node.inTree) continue;
      seen.add(node);
      const tasks: { edge: Edge; dep: TreeNode }[] = [];
      const problemEdges = [...node.edgesOut.values()].filter((edge) => (edge.to ? !edge.valid : edge.type !== 'peerOptional'));
      // Fetch every problem edge's packument at once; they are placed in name order below.
      for (const edge of problemEdges) void this.packument(edge.name);
      for (const edge of problemEdges) {
        const dep = await this.nodeFromEdge(edge);
        if (dep) tasks.push({ edge, dep });
      }
      tasks.sort((a, b) => a.edge.name.localeCompare(b.edge.name, 'en'));
      for (const { edge, dep } of tasks) {
        for (const placed of this.placeDep(edge, dep, undefined)) {
          for (const edgeIn of placed.node.edgesIn) {
            if (edgeIn === edge || edgeIn.valid) continue;
            seen.delete(edgeIn.from);
            if (!queue.includes(edgeIn.from)) queue.push(edgeIn.from);
          }
          if (!queue.includes(placed.node)) queue.push(placed.node);
          for (const e of placed.node.edgesOut.values()) void this.packument(e.name);
        }
      }
    }
    if (this.failure !== undefined) return { status: 'conflict', message: this.failure, nodes: [], problems: this.problems };
    return { status: 'resolved', nodes: this.describe(), problems: this.problems };
  }

  private async nodeFromEdge(edge: Edge, peerPath: string[] = []): Promise<TreeNode | undefined> {
    const result = await this.packument(edge.name);
    if (result.status === 'failed') {
      this.problems.push({ kind: 'unavailable', name: edge.name, reason: `its packument could not be fetched (${result.reason}); what it installs is unknown` });
      return undefined;
    }
    if (result.status === 'not-found' || pickVersion(result.value, edge.spec) === undefined) {
      const reason = result.status === 'not-found' ? `no package named ${edge.name} on the registry` : `no version of ${edge.name} satisfies ${JSON.stringify(edge.spec)}`;
      if (edge.optional) {
        this.problems.push({ kind: 'unavailable', name: edge.name, reason: `${reason}; npm leaves this optional dependency out` });
        return undefined;
      }
      this.failure ??= `${reason} (required by ${edge.from.isRoot ? 'the project' : `${edge.from.name}@${edge.from.version}`})`;
      this.problems.push({ kind: 'conflict', name: edge.name, reason });
      return undefined;
    }
    const packument = result.value;
    const version = pickVersion(packument, edge.spec)!;
    const node = new TreeNode(this.tree, edge.name, version);
    edgesOf(node, packument.versions[version]!);
    // Its (non-optional) peers are picked now, so they can be placed with it.
    const peers = [...node.edgesOut.values()].filter((e) => e.type === 'peer' && !peerPath.includes(e.name));
    for (const peerEdge of peers) void this.packument(peerEdge.name);
    for (const peerEdge of peers) {
      const peer = await this.nodeFromEdge(peerEdge, [...peerPath, edge.name]);
      if (peer) node.peerSet.set(peer.name, peer);
    }
    return node;
  }

  /** arborist's CanPlaceDep for one target. */
  private canPlace(dep: TreeNode, edge: Edge, target: TreeNode, entryEdge: Edge, parentStart: TreeNode | undefined): Placement {
    const current = target.children.get(dep.name);
    const targetEdge = target.edgesOut.get(dep.name);
    if (targetEdge && targetEdge.peer && !target.isTop) return 'CONFLICT';
    if (!current && targetEdge && !dep.satisfies(targetEdge) && targetEdge !== edge) return 'CONFLICT';
    if (!current) {
      const shadowed = target !== entryEdge.from ? target.resolve(dep.name) : undefined;
      if (shadowed) {
        for (const e of shadowed.edgesIn) if (e.from.isDescendantOf(target) && e.valid && !dep.satisfies(e)) return 'CONFLICT';
      }
      return 'OK';
    }
    const preferDedupe = edge.peer;
    if (dep.matches(current) && (current.satisfies(edge) || !dep.satisfies(edge))) return 'KEEP';
    const tryReplace = semver.gte(dep.version, current.version, { loose: true });
    if (tryReplace && current.canReplaceWith(dep)) return 'REPLACE';
    if (current.satisfies(edge)) return 'KEEP';
    if (preferDedupe && !tryReplace && current.canReplaceWith(dep)) return 'REPLACE';
    const deepest = deepestNestingTarget(parentStart ?? edge.from, dep.name);
    if (target !== deepest) return 'CONFLICT';
    if (!edge.peer && target === edge.from) return 'REPLACE';
    return edge.peer ? 'REPLACE' : 'CONFLICT';
  }

  /** arborist's PlaceDep; returns what it placed (the dep, and the peers placed with it). */
  private placeDep(edge: Edge, dep: TreeNode, parent: { start: TreeNode; entryEdge: Edge } | undefined): { node: TreeNode }[] {
    const existing = edge.to;
    if (existing && edge.valid) return [];
    const start = deepestNestingTarget(parent?.start ?? edge.from, dep.name);
    const entryEdge = parent?.entryEdge ?? edge;
    let chosen: PlaceCheck | undefined;
    for (const target of start.ancestry()) {
      const targetEdge = target.edgesOut.get(edge.name);
      if (!target.isTop && targetEdge && targetEdge.peer) continue;
      const canPlace = this.canPlace(dep, edge, target, entryEdge, parent?.start);
      if (canPlace === 'CONFLICT') break;
      chosen = { target, canPlace };
    }
    if (!chosen) {
      const mine = (parent?.entryEdge ?? edge).from.isRoot;
      const reason = `no place in node_modules satisfies every dependent of ${dep.name} (${edge.from.isRoot ? 'the project' : `${edge.from.name}@${edge.from.version}`} wants ${JSON.stringify(edge.spec)})`;
      if (mine) this.failure ??= reason;
      this.problems.push({ kind: 'conflict', name: dep.name, reason });
      return [];
    }
    const { target } = chosen;
    if (chosen.canPlace === 'KEEP') {
      this.pruneDedupable(target, true);
      return [];
    }
    // A nesting loop (a1 -> b1 -> a2 -> b2 -> a1 ...): npm links to the earlier copy instead of nesting forever.
    for (let p: TreeNode | null = target; p; p = p.parent) if (p.matches(dep) && !p.isTop) return [];
    const old = target.children.get(dep.name);
    if (old) this.replace(old, dep);
    else {
      dep.parent = target;
      target.children.set(dep.name, dep);
    }
    const to = edge.to;
    if (edge.valid && to && to !== dep) this.pruneDedupable(to, false);
    for (const node of this.tree.nodes()) {
      if (node.name === dep.name && node.isDescendantOf(target) && !node.isTop && node.inTree) {
        this.pruneDedupable(node, false);
        if (node.inTree) for (const kid of [...node.children.values()]) this.pruneDedupable(kid, false);
      }
    }
    const placed = [{ node: dep }];
    // Its peer dependencies go beside it (at or above where it went).
    const childParent = { start, entryEdge };
    for (const peerEdge of [...dep.edgesOut.values()]) {
      if (!peerEdge.peer || peerEdge.valid || !dep.inTree) continue;
      const peer = dep.peerSet.get(peerEdge.name);
      if (!peer || !peer.satisfies(peerEdge)) continue;
      for (const node of this.placeDep(peerEdge, peer, childParent)) placed.push(node);
    }
    return placed;
  }

  private replace(old: TreeNode, dep: TreeNode): void {
    const target = old.parent!;
    const oldDeps: TreeNode[] = [];
    for (const [name, edge] of old.edgesOut) {
      const to = edge.to;
      if (!dep.edgesOut.has(name) && to) for (const node of gatherDepSet([to], (e) => e.to !== to)) oldDeps.push(node);
    }
    // The new node takes the old one's place and its children.
    target.children.set(dep.name, dep);
    dep.parent = target;
    for (const kid of old.children.values()) {
      kid.parent = dep;
      dep.children.set(kid.name, kid);
    }
    old.children.clear();
    old.parent = null;
    const invalid = new Set<TreeNode>();
    for (const e of dep.edgesOut.values()) {
      const to = e.to;
      if (to && !e.valid) invalid.add(to);
    }
    for (const d of oldDeps) for (const x of gatherDepSet([d], (e) => e.to !== d && e.valid)) invalid.add(x);
    for (const junk of gatherDepSet([...invalid], (e) => e.from !== dep && e.to !== dep && e.valid)) junk.remove();
  }

  private pruneDedupable(node: TreeNode, descend: boolean): void {
    if (node.canDedupe()) {
      for (const d of gatherDepSet([node], (e) => e.to !== node && e.valid)) d.remove();
      return;
    }
    if (descend) {
      for (const child of [...node.children.values()].sort((a, b) => a.location.localeCompare(b.location, 'en'))) this.pruneDedupable(child, true);
    }
  }

  /** Every node with its path and the shortest chain of dependents from the project. */
  private describe(): NpmResolvedNode[] {
    const reached = new Map<TreeNode, { parent?: TreeNode; requirement?: string; root: string }>();
    const queue: TreeNode[] = [];
    for (const edge of [...this.tree.root.edgesOut.values()].sort((a, b) => a.name.localeCompare(b.name, 'en'))) {
      const to = edge.to;
      if (to && !reached.has(to)) {
        reached.set(to, { root: to.name });
        queue.push(to);
      }
    }
    for (let i = 0; i < queue.length; i++) {
      const node = queue[i]!;
      for (const edge of [...node.edgesOut.values()].sort((a, b) => a.name.localeCompare(b.name, 'en'))) {
        const to = edge.to;
        if (!to || reached.has(to) || to.isRoot) continue;
        reached.set(to, { parent: node, requirement: `${edge.name}@${edge.spec}`, root: reached.get(node)!.root });
        queue.push(to);
      }
    }
    const out: NpmResolvedNode[] = [];
    for (const node of this.tree.nodes()) {
      const reach = reached.get(node);
      if (!reach) continue;
      const steps: ResolvedFromStep[] = [];
      for (let at = reach; at.parent; at = reached.get(at.parent)!) steps.unshift({ name: at.parent.name, version: at.parent.version, requirement: at.requirement! });
      out.push({ name: node.name, normalizedName: normalizeNpmName(node.name), version: node.version, path: node.location, root: normalizeNpmName(reach.root), resolvedFrom: steps });
    }
    return out;
  }
}

/** The npm registry client behind the resolver's interface, each packument asked once. */
export class NpmRegistrySource implements NpmPackumentSource {
  private readonly asked = new Map<string, Promise<Lookup<NpmPackumentDocument>>>();
  readonly requests: string[] = [];

  constructor(private readonly client: Pick<NpmClient, 'getPackument'>) {}

  packument(name: string): Promise<Lookup<NpmPackumentDocument>> {
    let pending = this.asked.get(name);
    if (!pending) {
      this.requests.push(name);
      pending = this.client.getPackument(name).then((r): Lookup<NpmPackumentDocument> => {
        if (r.status === 'found') return { status: 'found', value: { name: r.value.name, 'dist-tags': r.value['dist-tags'], versions: r.value.versions } };
        return r.status === 'not-found' ? { status: 'not-found' } : { status: 'failed', reason: r.error.message };
      });
      this.asked.set(name, pending);
    }
    return pending;
  }
}
