/* site.js: the public site's menu with JavaScript: on a phone each section
 * opens on its own button, one at a time; Escape closes an open section or
 * panel and gives focus back to it. Without it the menu is the plain list
 * the CSS shows. No inline script: the CSP allows only files. */
(function () {
	'use strict';

	var nav = document.getElementById('menu');
	/* The width where the menu turns into a bar of panels (site.css). */
	var wide = window.matchMedia('(min-width: 48em)');

	if (!nav)
		return;
	nav.classList.add('menu-js');

	function sections() {
		return nav.querySelectorAll('.menu-section');
	}

	function setOpen(section, open) {
		var button = section.querySelector('.menu-toggle');

		section.classList.toggle('menu-expanded', open);
		if (button)
			button.setAttribute('aria-expanded', open ? 'true' : 'false');
	}

	Array.prototype.forEach.call(sections(), function (section) {
		var button = section.querySelector('.menu-toggle');

		if (!button)
			return;
		button.hidden = false;
		button.addEventListener('click', function () {
			var open = !section.classList.contains('menu-expanded');

			Array.prototype.forEach.call(sections(), function (s) {
				setOpen(s, false);
			});
			setOpen(section, open);
		});
		/* A panel closed by Escape opens again when focus or the pointer
		 * comes back to it. */
		section.addEventListener('focusin', function (e) {
			if (e.target.closest('.menu-panel'))
				section.classList.remove('menu-shut');
		});
		section.addEventListener('focusout', function (e) {
			if (!section.contains(e.relatedTarget))
				section.classList.remove('menu-shut');
		});
		section.addEventListener('mouseleave', function () {
			section.classList.remove('menu-shut');
		});
	});

	nav.addEventListener('keydown', function (e) {
		var section = e.target.closest('.menu-section');

		if (e.key !== 'Escape' || !section ||
		    !section.querySelector('.menu-panel'))
			return;
		if (wide.matches) {
			section.classList.add('menu-shut');
			section.querySelector('.menu-label').focus();
		} else if (section.classList.contains('menu-expanded')) {
			setOpen(section, false);
			section.querySelector('.menu-toggle').focus();
		}
	});
}());
