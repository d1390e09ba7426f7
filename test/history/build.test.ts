import { test } from 'vitest';
import { buildRepo } from './repo.js';
test('build', () => { console.log('REPO=' + JSON.stringify(buildRepo())); });
