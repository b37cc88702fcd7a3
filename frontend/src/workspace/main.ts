import '../shared/styles.css';
import { mount } from 'svelte';
import Boot from '../shared/Boot.svelte';
import WorkspaceApp from './WorkspaceApp.svelte';

mount(Boot, { target: document.getElementById('app')!, props: { entry: 'workspace', app: WorkspaceApp } });
