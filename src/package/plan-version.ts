/** The version zips are named with in mode: plan when no package-version is given (nothing asks the API). */
export const PLAN_VERSION = 'VERSION';
