# 联系节奏与关怀时刻：设置页、客户页的节奏说明、任务类型和问候消息。

nav-cadence = 联系节奏
cad-title = 联系节奏与关怀时刻
cad-sub = 每位客户多久应收到我们的联系，以及生日和纪念日时我们做什么。
cad-stages = 各阶段的联系节奏
cad-stages-help = 多少天没有电话、会面、电子邮件、聊天或拜访后，客户即视为被遗忘，负责人会收到提醒（1–3650；留空表示不设置）。内部备注不算联系。
cad-col-stage = 阶段
cad-col-days = 天数
cad-none = 未设置节奏
cad-never = 从不：客户正在离开或已经离开
cad-overrides = 按客户分群设置联系节奏
cad-overrides-help = 某个客户分群中的客户在某一阶段可能需要不同的联系节奏（例如活跃阶段的 VIP 客户每 30 天联系一次）。它将取代这些客户所在阶段的节奏；同时属于多个此类分群的客户采用最短的节奏。清空天数即可删除。
cad-overrides-none = 还没有客户分群设置自己的联系节奏。
cad-overrides-no-segments = 还没有客户分群：请先在“客户分群”页面保存一个。
cad-col-segment = 客户分群
cad-moments = 关怀时刻
cad-moments-help = 生日和合作纪念日，按客户自己的日历日（其时区）计算。任务会提前几天交给负责人；消息是营销类电子邮件，只有在客户明确同意时才会发送，并遵守频率上限和免打扰时段。
cad-mode = 执行方式
cad-mode-off = 不做任何事
cad-mode-task = 给负责人的任务
cad-mode-message = 给客户的消息
cad-days-ahead = 提前天数（任务）
cad-moment-birthday = 生日
cad-moment-anniversary = 纪念日
cad-save = 保存
cad-saved = 已保存。
cad-read-only = 经理和管理员可以修改这些设置。

cad-every = 每 { $n } 天联系一次
cad-last = { $n ->
    [0] 今天有过联系
   *[other] 上次联系在 { $n } 天前
}
cad-last-never = 尚无联系
cad-next = 下次应在 { $date } 联系
cad-overdue = 自 { $date } 起应联系
task-kind-contact-due = 联系客户
task-kind-care-moment = 关怀时刻
cad-task-days = 距上次联系 { $n } 天
cad-task-birthday = { $date } 生日
cad-task-anniversary = { $date } 合作 { $years } 周年

cad-msg-birthday-subject = { $name }，生日快乐！
cad-msg-birthday-body =
    亲爱的 { $name }：

    祝您生日快乐！愿您的这一天充满欢聚与小小的喜悦。
    感谢您一路相伴，能为您服务是我们的荣幸。

    致以温暖的祝福
    您的客户关怀团队
cad-msg-anniversary-subject = { $name }，周年快乐！
cad-msg-anniversary-body =
    亲爱的 { $name }：

    今天是我们合作的又一个周年。感谢您的信任、您的提问和一路以来的耐心。
    很高兴有您同行。

    致以温暖的祝福
    您的客户关怀团队
