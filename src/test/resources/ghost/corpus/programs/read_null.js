const el = null;
el.value;
