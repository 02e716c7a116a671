import type { InstallerType } from '../plan/distributor.js';
import type { MappingEntry } from '../plan/mapping.js';

/** One zip of the package; several mapping entries may share it when their zips would be identical. */
export interface PackageFile {
  /** Zip file name, e.g. UPT_PRO_AMAZON2_x86_64-5.7.0.25.zip */
  name: string;
  /** Absolute path of the zip on disk. */
  path: string;
  sha256: string;
  size: number;
  installerName: string;
  installerType: InstallerType;
  installerSize: number;
  /**
   * The installer's SHA-256, of the bytes zipped (checked against the download's when downloaded);
   * absent where no installer was read (a plan, a manifest SSM holds).
   */
  installerSha256?: string;
  /** The mapping entries whose platform/version/arch point at this zip. */
  entries: MappingEntry[];
}

/** A built, validated Distributor package on disk: what the publish and report stages take. */
export interface BuiltPackage {
  packageName: string;
  version: string;
  /** Folder holding manifest.json and the zips (and report.json). */
  dir: string;
  manifestPath: string;
  /** manifest.json's exact bytes (also the SSM document content). */
  manifestText: string;
  manifest: Manifest;
  files: PackageFile[];
}

export interface Manifest {
  schemaVersion: '2.0';
  version: string;
  publisher: string;
  description: string;
  packages: Record<string, Record<string, Record<string, { file: string }>>>;
  files: Record<string, { checksums: { sha256: string } }>;
}

/**
 * A package whose zips are still being built: its name and version, each zip as soon as it is written
 * (the publish stage starts uploading them), then the whole package once it is valid and in place.
 */
export interface PackageInProgress {
  packageName: string;
  version: string;
  /** Each zip as it is written, in the order built; ends when the build ends (or fails). */
  zips: AsyncIterable<PackageFile>;
  /** The built, validated package in its final folder; rejects when the build fails. */
  built: Promise<BuiltPackage>;
  /**
   * A zip's path holds until the package moves into its final folder: the move waits for every
   * promise given here (a reader of the zips gives one that settles when it no longer reads them).
   */
  hold: (reading: Promise<unknown>) => void;
}
