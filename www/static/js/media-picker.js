/* media-picker.js: in the item form's media picker, an "Insert" button
 * per item puts its reference at the cursor in the body field, and "Use as
 * lead image" fills the lead image field with an image's number. Without
 * it the picker's references are there to copy. No inline script: the CSP
 * allows only files of the site. */
(function () {
	'use strict';

	var picker = document.getElementById('media-picker');
	var body = document.getElementById('f-body');
	var lead = document.getElementById('f-lead_media');

	if (!picker || !body)
		return;

	/* The cursor's place in the body, kept while focus is on a button. */
	var start = null, end = null;

	body.addEventListener('blur', function () {
		start = body.selectionStart;
		end = body.selectionEnd;
	});

	function announce(item, text) {
		var note = item.querySelector('.media-picker-note');

		if (!note) {
			note = document.createElement('span');
			note.className = 'media-picker-note';
			note.setAttribute('role', 'status');
			item.appendChild(note);
		}
		note.textContent = text;
	}

	function insert(item, ref) {
		var at = start !== null ? start : body.value.length;
		var to = end !== null ? end : at;
		var before = body.value.slice(0, at), after = body.value.slice(to);
		/* An image on a line of its own is a figure with its caption. */
		var text = ref;

		if (item.hasAttribute('data-media-image')) {
			if (before !== '' && !/\n\n$/.test(before))
				text = (/\n$/.test(before) ? '\n' : '\n\n') + text;
			if (after !== '' && !/^\n\n/.test(after))
				text += /^\n/.test(after) ? '\n' : '\n\n';
		}
		body.value = before + text + after;
		body.dispatchEvent(new Event('input', { bubbles: true }));
		body.focus();
		body.setSelectionRange(at + text.length, at + text.length);
	}

	function button(label, onclick) {
		var b = document.createElement('button');

		b.type = 'button';
		b.className = 'button button-secondary media-picker-button';
		b.textContent = label;
		b.addEventListener('click', onclick);
		return b;
	}

	var items = picker.querySelectorAll('.media-picker-item');
	var i;

	for (i = 0; i < items.length; i++) {
		(function (item) {
			var ref = item.querySelector('.media-picker-ref');
			var id = item.getAttribute('data-media-id');
			var name = item.querySelector('label').textContent;

			var ins = button(picker.getAttribute('data-insert') ||
			    'Insert', function () {
				insert(item, ref.value);
			});
			ins.setAttribute('aria-label', ins.textContent + ': ' +
			    name);
			item.appendChild(ins);
			if (lead && item.hasAttribute('data-media-image')) {
				var use = button(picker.getAttribute(
				    'data-use-lead') || 'Use as lead image',
				    function () {
					lead.value = id;
					lead.dispatchEvent(new Event('input',
					    { bubbles: true }));
					announce(item, picker.getAttribute(
					    'data-lead-done') ||
					    'Lead image set.');
				});
				use.setAttribute('aria-label', use.textContent +
				    ': ' + name);
				item.appendChild(use);
			}
		})(items[i]);
	}
}());
