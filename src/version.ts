/** This library's version (package.json; a test keeps them equal). Reported in WorkloadMonitor `spec.version`. */
export const LIBRARY_VERSION = '0.1.0';
