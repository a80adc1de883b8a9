import { dlTsup } from '../../tsup.shared';

// testing.ts imports the package by name, so its bundle shares the main entry's classes.
export default dlTsup({ entry: ['src/index.ts', 'src/testing.ts'], external: ['@dl/layers'] });
