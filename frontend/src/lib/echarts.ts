// ECharts from its tree-shakable core. Register everything go-echarts can emit:
// an option using an unregistered component is silently dropped.
import * as echarts from 'echarts/core';
import { BarChart, LineChart, PieChart, ScatterChart, MapChart } from 'echarts/charts';
import {
  DataZoomComponent,
  DatasetComponent,
  GeoComponent,
  GridComponent,
  LegendComponent,
  TitleComponent,
  ToolboxComponent,
  TooltipComponent,
  VisualMapComponent,
} from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { LabelLayout } from 'echarts/features';

echarts.use([
  BarChart,
  LineChart,
  PieChart,
  ScatterChart,
  MapChart,
  GridComponent,
  TooltipComponent,
  LegendComponent,
  TitleComponent,
  ToolboxComponent,
  VisualMapComponent,
  GeoComponent,
  DatasetComponent,
  DataZoomComponent,
  CanvasRenderer,
  LabelLayout,
]);

export { echarts };
export type { EChartsCoreOption, ECElementEvent, EChartsType } from 'echarts/core';
