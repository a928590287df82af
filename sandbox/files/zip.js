'use strict';
/**
 * Stored (uncompressed) ZIP writer: enough for .xlsx and image archives, and simple to check by
 * hand. Entries carry a fixed DOS timestamp so the same input always gives the same bytes.
 */

const CRC_TABLE = new Int32Array(256).map((_, n) => {
	let c = n;
	for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
	return c;
});

function crc32(buf, prev = 0) {
	let c = ~prev;
	for (let i = 0; i < buf.length; i++) c = CRC_TABLE[(c ^ buf[i]) & 0xff] ^ (c >>> 8);
	return ~c >>> 0;
}

// 2024-01-01 00:00:00 in DOS format.
const DOS_TIME = 0;
const DOS_DATE = ((2024 - 1980) << 9) | (1 << 5) | 1;
// Bit 11: names are UTF-8 (image folders may be Cyrillic).
const UTF8_FLAG = 0x0800;

function localHeader(name, crc, size, flags = UTF8_FLAG) {
	const h = Buffer.alloc(30);
	h.writeUInt32LE(0x04034b50, 0);
	h.writeUInt16LE(20, 4); // version needed
	h.writeUInt16LE(flags, 6);
	h.writeUInt16LE(0, 8); // stored
	h.writeUInt16LE(DOS_TIME, 10);
	h.writeUInt16LE(DOS_DATE, 12);
	h.writeUInt32LE(crc, 14);
	h.writeUInt32LE(size, 18);
	h.writeUInt32LE(size, 22);
	h.writeUInt16LE(name.length, 26);
	h.writeUInt16LE(0, 28);
	return Buffer.concat([h, name]);
}

function centralHeader(name, crc, size, offset, flags = UTF8_FLAG) {
	const h = Buffer.alloc(46);
	h.writeUInt32LE(0x02014b50, 0);
	h.writeUInt16LE(20, 4); // version made by
	h.writeUInt16LE(20, 6);
	h.writeUInt16LE(flags, 8);
	h.writeUInt16LE(0, 10);
	h.writeUInt16LE(DOS_TIME, 12);
	h.writeUInt16LE(DOS_DATE, 14);
	h.writeUInt32LE(crc, 16);
	h.writeUInt32LE(size, 20);
	h.writeUInt32LE(size, 24);
	h.writeUInt16LE(name.length, 28);
	h.writeUInt32LE(0, 30); // extra, comment lengths
	h.writeUInt32LE(0, 34); // disk, internal attrs
	h.writeUInt32LE(name.at(-1) === 0x2f ? 0x10 : 0, 38); // directory attribute
	h.writeUInt32LE(offset, 42);
	return Buffer.concat([h, name]);
}

function endOfCentral(count, size, offset) {
	const e = Buffer.alloc(22);
	e.writeUInt32LE(0x06054b50, 0);
	e.writeUInt16LE(count, 8);
	e.writeUInt16LE(count, 10);
	e.writeUInt32LE(size, 12);
	e.writeUInt32LE(offset, 16);
	return e;
}

/** entries: [{ name, data }] (data a Buffer or string; a name ending in '/' is a folder). */
function zip(entries) {
	const locals = [];
	const centrals = [];
	let offset = 0;
	for (const entry of entries) {
		const name = Buffer.from(entry.name, 'utf8');
		const data = Buffer.isBuffer(entry.data) ? entry.data : Buffer.from(entry.data || '', 'utf8');
		const crc = crc32(data);
		const local = localHeader(name, crc, data.length);
		centrals.push(centralHeader(name, crc, data.length, offset));
		locals.push(local, data);
		offset += local.length + data.length;
	}
	const central = Buffer.concat(centrals);
	return Buffer.concat([...locals, central, endOfCentral(entries.length, central.length, offset)]);
}

/**
 * A valid ZIP of exactly `totalBytes` bytes holding one stored entry, produced chunk by chunk so a
 * benchmark can download gigabytes without the sandbox holding them. The entry's CRC is not known
 * up front, so it uses a data descriptor (flag bit 3) written after the data.
 * Returns { length, chunks() } where chunks() is an iterator of Buffers.
 */
function streamedZip(totalBytes, chunkSize = 64 * 1024) {
	const name = Buffer.from('big.bin');
	const flags = UTF8_FLAG | 0x0008;
	const overhead = 30 + name.length + 16 + 46 + name.length + 22;
	if (totalBytes < overhead || totalBytes > 0xfffffff0) throw new Error('size out of range');
	const dataLength = totalBytes - overhead;
	// One pseudo-random block repeated: deterministic, and not trivially compressible by a proxy.
	const block = Buffer.alloc(chunkSize);
	let x = 0x2545f491;
	for (let i = 0; i < block.length; i++) {
		x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
		block[i] = x & 0xff;
	}
	// Node's native crc32 (20.15+) keeps multi-GiB streams cheap; the JS one is the fallback.
	const crcOf = require('zlib').crc32 || crc32;
	function* chunks() {
		yield localHeader(name, 0, 0, flags);
		let crc = 0;
		for (let left = dataLength; left > 0; ) {
			const part = left >= block.length ? block : block.subarray(0, left);
			crc = crcOf(part, crc);
			left -= part.length;
			yield part;
		}
		const descriptor = Buffer.alloc(16);
		descriptor.writeUInt32LE(0x08074b50, 0);
		descriptor.writeUInt32LE(crc, 4);
		descriptor.writeUInt32LE(dataLength, 8);
		descriptor.writeUInt32LE(dataLength, 12);
		const central = centralHeader(name, crc, dataLength, 0, flags);
		const centralOffset = 30 + name.length + dataLength + 16;
		yield Buffer.concat([descriptor, central, endOfCentral(1, central.length, centralOffset)]);
	}
	return { length: totalBytes, chunks };
}

module.exports = { zip, crc32, streamedZip };
