## 客户健康度（议题 15）：客户页面上的分数、分级筛选、设置。

health-title = 健康度
health-band-red = 红
health-band-yellow = 黄
health-band-green = 绿
health-signal = 信号
health-value = 数值
health-weight = 权重
health-points = 得分
health-points-of = 得分 / 权重
health-moved = 自上周以来的变化原因
health-moved-none = 自上周以来没有变化。
health-computed = 计算于
health-trend-up = ▲ 比上周上升 { $delta }
health-trend-down = ▼ 比上周下降 { $delta }
health-trend-steady = ▶ 与上周持平
health-trend-unknown = 尚无上周的分数

health-signal-contact_recency = 联系频率对比
health-signal-usage_trend = 使用趋势
health-signal-purchase_rhythm = 购买节奏
health-signal-complaints = 未结投诉与 SLA 超时
health-signal-satisfaction = 最新 NPS / CSAT
health-signal-payments = 付款问题

health-rule-contact_recency = 在联系周期内联系过得满分；超过三倍周期不得分。
health-rule-usage_trend = 最近 30 天的日均使用量与之前 90 天相比：达到或超过之前水平得满分。
health-rule-purchase_rhythm = 距上次购买不超过通常间隔的 1.5 倍得满分；达到 4 倍不得分。
health-rule-complaints = 每个未结投诉按严重程度扣分（紧急最多），每次 SLA 超时扣分更多。
health-rule-satisfaction = 按量表计最新回答：最高分得满分，最低分不得分。
health-rule-payments = 最近 90 天内每笔退款扣去权重的四分之一。

health-value-no-data = 无数据（不计入分数）
health-value-contact = 上次联系在 { $days } 天前；联系周期为每 { $cadence } 天
health-value-usage = 最近 30 天日均 { $recent }，之前日均 { $prior }
health-value-purchases = 上次购买在 { $days } 天前；通常每 { $gap } 天一次
health-value-complaints = 未结 { $open } 个（高或紧急 { $serious } 个），SLA 超时 { $breached } 个
health-value-satisfaction = { $survey }：{ $score }
health-value-refunds = 最近 90 天的退款：{ $count }

health-survey-nps = NPS
health-survey-csat = CSAT
health-survey-ces = CES
health-survey-complaint = 投诉满意度

health-why-complaint-opened = 新增一个{ $severity }严重程度的投诉
health-why-sla-breached = 一个投诉超过了 SLA 期限
health-why-complaints-eased = 投诉已解决
health-why-answered = { $survey } { $score }
health-why-contact-overdue = 已 { $days } 天未联系
health-why-contacted = 已联系客户
health-why-usage-fell = 使用量下降
health-why-usage-rose = 使用量上升
health-why-purchase-late = 已 { $days } 天未购买
health-why-purchased = 新的购买
health-why-refund = 记录了一笔退款
health-why-refunds-eased = 较早的退款不再计入
health-why-new-data = 有了新数据
health-why-no-data = 不再有数据
health-why-weights = 权重已更改

health-settings = 健康度设置
health-settings-sub = 各信号在健康度中的权重，以及各分级的起点。更改后会重新计算所有分数。
health-settings-saved = 已保存。正在重新计算所有客户的健康度。
health-settings-weights = 权重
health-settings-weights-help = 每项 0 到 100；0 表示关闭该信号。没有数据的信号不计入分数，而不是按零计算。
health-settings-bands = 分级
health-settings-bands-help = 不超过第一个数为红，不超过第二个数为黄，其上为绿。
health-settings-red-max = 红色最高分
health-settings-yellow-max = 黄色最高分
health-settings-save = 保存
health-settings-read-only = 这些设置由经理和管理员更改。

field-contact-recency = 联系频率对比
field-usage-trend = 使用趋势
field-purchase-rhythm = 购买节奏
field-complaints = 未结投诉与 SLA 超时
field-satisfaction = 最新 NPS / CSAT
field-payments = 付款问题
field-weights = 权重
field-red-max = 红色最高分
field-yellow-max = 黄色最高分
field-health = 健康度
