const path = require('path');
const { task, src, dest } = require('gulp');

task('build:icons', copyIcons);

// n8n resolves `file:` icons next to the compiled node and credential, so the SVGs go beside them in dist.
function copyIcons() {
	const icons = path.resolve('icons', '*.svg');
	src(icons).pipe(dest(path.resolve('dist', 'icons')));
	src(path.resolve('nodes', '**', '*.{png,svg}')).pipe(dest(path.resolve('dist', 'nodes')));
	return src(path.resolve('credentials', '**', '*.{png,svg}')).pipe(dest(path.resolve('dist', 'credentials')));
}
