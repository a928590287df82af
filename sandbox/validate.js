'use strict';
/**
 * Query checks with SelSup's 400 shape `{error, localMessage, params}`. Stricter than Spring in
 * one way on purpose: array parameters must be repeated keys (`ids=1&ids=2`); bracket forms and
 * comma-joined ids are refused so a wrong encoding in the node fails loudly in tests.
 */

const bad = (error, localMessage, params) => ({ status: 400, body: { error, localMessage, params } });

const CHECKS = {
	int: [(v) => /^-?\d{1,19}$/.test(v), 'должен быть целым числом'],
	num: [(v) => v.trim() !== '' && Number.isFinite(Number(v)), 'должен быть числом'],
	bool: [(v) => /^(true|false|1|0|yes|no|on|off)$/i.test(v), 'должен быть true или false'],
	date: [(v) => /^\d+$/.test(v) || !Number.isNaN(Date.parse(v)), 'должен быть датой'],
	str: [() => true, ''],
};

/** query: key → string[]; params: parsed specs from routes.js. Returns null or { status, body }. */
function validateQuery(params, query) {
	for (const key of Object.keys(query)) {
		const m = /^(\w+)\[\d*\]$/.exec(key);
		if (m) {
			return bad(
				'BAD_ARRAY_FORMAT',
				`Параметр ${m[1]} передан в неверном формате (${key}): передавайте список повторяющимися ключами ${m[1]}=1&${m[1]}=2`,
				{ name: m[1] },
			);
		}
	}
	for (const p of params) {
		// Spring reads an empty value as absent.
		const values = (query[p.name] || []).filter((v) => v !== '');
		if (!values.length) {
			if (p.required) return bad('REQUIRED_PARAMETER', `Не заполнен обязательный параметр ${p.name}`, { name: p.name });
			continue;
		}
		if (!p.array && values.length > 1) {
			return bad('INVALID_PARAMETER', `Параметр ${p.name} передан несколько раз`, { name: p.name, value: values.join(',') });
		}
		for (const v of values) {
			if (p.array && (p.type === 'int' || p.values) && v.includes(',')) {
				return bad(
					'BAD_ARRAY_FORMAT',
					`Параметр ${p.name} передан через запятую («${v}»): передавайте список повторяющимися ключами ${p.name}=1&${p.name}=2`,
					{ name: p.name, value: v },
				);
			}
			if (p.values) {
				if (!p.values.includes(v)) {
					return bad('INVALID_PARAMETER', `Недопустимое значение параметра ${p.name}: «${v}»`, { name: p.name, value: v });
				}
				continue;
			}
			const [ok, message] = CHECKS[p.type];
			if (!ok(v)) return bad('INVALID_PARAMETER', `Параметр ${p.name} ${message}, получено «${v}»`, { name: p.name, value: v });
		}
	}
	return null;
}

/** ProductFilter bodies: required, JSON, an object. Returns null or { status, body }. */
function validateJsonBody(body) {
	if (body === null || body.trim() === '') {
		return { status: 400, body: { error: 'REQUIRED_BODY', localMessage: 'Не заполнено тело запроса' } };
	}
	let value;
	try {
		value = JSON.parse(body);
	} catch (e) {
		return { status: 400, body: { error: 'INVALID_BODY', localMessage: `Некорректный JSON в теле запроса: ${e.message}` } };
	}
	if (value === null || typeof value !== 'object' || Array.isArray(value)) {
		return { status: 400, body: { error: 'INVALID_BODY', localMessage: 'Тело запроса должно быть объектом ProductFilter' } };
	}
	return null;
}

module.exports = { validateQuery, validateJsonBody };
