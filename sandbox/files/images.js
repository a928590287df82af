'use strict';
/** Tiny valid PNGs in a ZIP of folders, like SelSup's image archives (one folder per card). */
const zlib = require('zlib');
const { zip, crc32 } = require('./zip');

function chunk(type, data) {
	const len = Buffer.alloc(4);
	len.writeUInt32BE(data.length);
	const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(body));
	return Buffer.concat([len, body, crc]);
}

/** A solid 8x8 RGB square. */
function png([r, g, b]) {
	const size = 8;
	const ihdr = Buffer.alloc(13);
	ihdr.writeUInt32BE(size, 0);
	ihdr.writeUInt32BE(size, 4);
	ihdr.writeUInt8(8, 8); // bit depth
	ihdr.writeUInt8(2, 9); // RGB
	const row = Buffer.from([0, ...Array(size).fill([r, g, b]).flat()]); // filter byte 0
	const raw = Buffer.concat(Array(size).fill(row));
	return Buffer.concat([
		Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		chunk('IHDR', ihdr),
		// Fixed level so the bytes never change between runs.
		chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
		chunk('IEND', Buffer.alloc(0)),
	]);
}

/** folders: [{ name, count }] → ZIP with folder/1.png … */
function imageArchive(folders, rand) {
	const entries = [];
	for (const folder of folders) {
		entries.push({ name: `${folder.name}/`, data: '' });
		for (let i = 1; i <= folder.count; i++) {
			const color = [0, 0, 0].map(() => Math.floor(rand() * 256));
			entries.push({ name: `${folder.name}/${i}.png`, data: png(color) });
		}
	}
	return zip(entries);
}

module.exports = { png, imageArchive };
