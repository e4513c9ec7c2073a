/* The participant page's front end: ipywidgets on the page's kernel, and nothing else.

   Voila's own front end starts a whole JupyterLab application (its plug-in system, the service manager that
   polls the server, CodeMirror, React, the notebook and console packages, every mime renderer) to show what an
   app page needs: the widgets of one cell output. This module does only that: it connects to the kernel that
   Voila started for this page (@jupyterlab/services), asks the kernel for the widget state, shows every cell
   output (widget views; HTML and text as they are) and then the page. The widget classes are ipywidgets' own
   (@jupyter-widgets/base and /controls), the same versions as jupyterlab_widgets, so the widgets look and
   behave as in Voila.

   What the page's other scripts rely on stays where Voila puts it: window.jupyterapp.widgetManager.kernel is
   the KernelConnection (hr-connection.js), window.display_cells shows the cells once they are rendered.
*/
import '@jupyter-widgets/base/css/index.css';
import '@jupyter-widgets/controls/css/widgets-base.css';

import * as base from '@jupyter-widgets/base';
import { ManagerBase } from '@jupyter-widgets/base-manager';
import * as controls from '@jupyter-widgets/controls';
import { PageConfig } from '@jupyterlab/coreutils';
import { KernelConnection } from '@jupyterlab/services/lib/kernel/default';
import { ServerConnection } from '@jupyterlab/services/lib/serverconnection';
import { Panel, Widget } from '@lumino/widgets';

const WIDGET_MIME = 'application/vnd.jupyter.widget-view+json';
const OUTPUT_SCRIPT = 'script[type="application/vnd.voila.cell-output+json"]';
const MODULES = { '@jupyter-widgets/base': base, '@jupyter-widgets/controls': controls };

/** ipywidgets' manager, on one kernel connection (as jupyterlab-manager's KernelWidgetManager, less the lab). */
export class PageWidgetManager extends ManagerBase {
  constructor(kernel) {
    super();
    this.kernel = kernel;
    kernel.registerCommTarget(this.comm_target_name, (comm, msg) => {
      this.handle_comm_open(new base.shims.services.Comm(comm), msg);
    });
    this._loaded = false;
    kernel.connectionStatusChanged.connect((_, status) => {
      // Back after a lost connection: take the kernel's state again (messages may have been missed).
      if (status === 'connected' && this._loaded) {
        this._loadFromKernel().catch((error) => console.error(error));
      }
    });
  }

  async loadClass(className, moduleName, moduleVersion) {
    const module = MODULES[moduleName];
    if (!module || !module[className]) {
      throw new Error(`Widget class ${className} from ${moduleName}@${moduleVersion} is not on this page`);
    }
    return module[className];
  }

  async _create_comm(targetName, modelId, data, metadata, buffers) {
    const comm = this.kernel.createComm(targetName, modelId);
    if (data || metadata) {
      comm.open(data, metadata, buffers);
    }
    return new base.shims.services.Comm(comm);
  }

  async _get_comm_info() {
    const reply = await this.kernel.requestCommInfo({ target_name: this.comm_target_name });
    return reply.content.status === 'ok' ? reply.content.comms : {};
  }

  async load() {
    await this._loadFromKernel();
    this._loaded = true;
  }
}

/** One cell output in place of its script tag: a widget view (in a panel, as Voila's widget renderer), else
    HTML, else text. Returns the panel on the page (null: nothing to show). */
async function renderOutput(manager, script) {
  const output = JSON.parse(script.textContent);
  const data = output.data || {};
  const cell = script.parentElement;
  script.remove();
  const host = new Panel();
  host.addClass('jp-OutputArea-output');
  if (data[WIDGET_MIME]) {
    const modelId = data[WIDGET_MIME].model_id;
    if (!modelId) {
      return null;
    }
    const model = await manager.get_model(modelId);
    const view = await manager.create_view(model);
    host.addWidget(view.luminoWidget);
    view.luminoWidget.disposed.connect(() => host.hide());
  } else if (data['text/html'] !== undefined) {
    host.node.innerHTML = [].concat(data['text/html']).join('');
    host.node.dataset.mimeType = 'text/html';
  } else if (data['text/plain'] !== undefined) {
    const pre = document.createElement('pre');
    pre.textContent = [].concat(data['text/plain']).join('');
    host.node.appendChild(pre);
    host.node.dataset.mimeType = 'text/plain';
  } else {
    return null;
  }
  Widget.attach(host, cell);
  return host;
}

/** Shows the cells (Voila's display_cells waits for this flag), and keeps the outputs' layout in step with
    the window, as Voila's shell did: a lumino widget lays out its children again on an update request. */
function showCells(hosts) {
  window.themeLoaded = true;
  if (window.cellLoaded && typeof window.display_cells === 'function') {
    window.display_cells();
  }
  window.addEventListener('resize', () => hosts.forEach((host) => host.update()));
}

/** The page is left (tab closed, another address): ask the server to shut the kernel down, as Voila does. A
    page that goes into the browser's page cache keeps its kernel (hr-connection.js checks it on return). */
function shutDownOnLeave(baseUrl, kernel) {
  let sent = false;
  const leave = () => {
    if (sent) {
      return;
    }
    sent = true;
    const form = new FormData();
    const xsrf = document.cookie.match('\\b_xsrf=([^;]*)\\b');
    form.append('_xsrf', (xsrf && xsrf[1]) || '');
    navigator.sendBeacon(`${baseUrl}voila/api/shutdown/${kernel.id}`, form);
    kernel.dispose();
  };
  window.addEventListener('beforeunload', leave);
  window.addEventListener('pagehide', (event) => {
    if (!event.persisted) {
      leave();
    }
  });
}

async function start() {
  const baseUrl = PageConfig.getBaseUrl();
  const kernelId = PageConfig.getOption('kernelId');
  const serverSettings = ServerConnection.makeSettings({ baseUrl });
  const kernel = new KernelConnection({ model: { id: kernelId, name: 'python3' }, serverSettings });
  const manager = new PageWidgetManager(kernel);
  window.jupyterapp = { widgetManager: manager };
  shutDownOnLeave(baseUrl, kernel);
  await manager.load();
  const scripts = [...document.querySelectorAll(OUTPUT_SCRIPT)];
  const results = await Promise.allSettled(scripts.map((script) => renderOutput(manager, script)));
  const hosts = [];
  for (const result of results) {
    if (result.status === 'rejected') {
      console.error(result.reason);
    } else if (result.value) {
      hosts.push(result.value);
    }
  }
  showCells(hosts);
}

start().catch((error) => {
  console.error(error);
  if (typeof window.hrShowFailure === 'function') {
    window.hrShowFailure();
  }
});
